// Too much at once is refused with TOO_MANY_REQUESTS and a retry hint (extensions.retryAfterMs,
// HTTP Retry-After), never SERVICE_UNAVAILABLE, and the hinted retry gets through.
import { startStack, type Stack } from '@charla/stack';

let stack: Stack;
beforeAll(async () => {
  // One password hash at a time and none waiting: a burst of sign-ups overflows at once.
  stack = await startStack({ label: 'gw_refusals', env: { users: { SCRYPT_LOG2_N: '14', HASH_CONCURRENCY: '1', HASH_QUEUE: '0' } } });
}, 60_000);
afterAll(() => stack?.stop());

const REGISTER = 'mutation($input: RegisterInput!) { register(input: $input) { token } }';

async function register(username: string) {
  const response = await fetch(`${stack.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: REGISTER, variables: { input: { username, password: 'correct horse 1', firstName: 'Ana', lastName: 'Burst' } } }),
  });
  const body = (await response.json()) as { data?: { register: { token: string } } | null; errors?: { extensions: { code: string; retryAfterMs?: number } }[] };
  return { retryAfter: response.headers.get('retry-after'), token: body.data?.register.token, error: body.errors?.[0]?.extensions };
}

test('a burst of sign-ups: each gets a token or TOO_MANY_REQUESTS with retryAfterMs and Retry-After; retried as hinted, all get in', async () => {
  const names = Array.from({ length: 8 }, (_, i) => `burst${i}`);
  const first = await Promise.all(names.map(register));
  const refused = first.filter((answer) => answer.error);
  expect(refused.length).toBeGreaterThan(0);
  for (const { error, retryAfter } of refused) {
    expect(error?.code).toBe('TOO_MANY_REQUESTS');
    expect(error?.retryAfterMs).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  }
  for (const [i, answer] of first.entries()) {
    let last = answer;
    while (last.error) {
      expect(last.error.code).toBe('TOO_MANY_REQUESTS');
      await new Promise((resolve) => setTimeout(resolve, last.error!.retryAfterMs));
      last = await register(names[i]);
    }
    expect(last.token).toEqual(expect.any(String));
  }
}, 60_000);
