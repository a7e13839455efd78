// Target 7: password hashing with bounded concurrency and memory (scrypt at N=2^17 takes
// 128 MiB each). A burst of 60 sign-ups, then 60 logins, on a Charla of its own at the
// production cost: each request succeeds (perhaps after queueing) or gets a retryable
// TOO_MANY_REQUESTS with a retry hint, never UNAVAILABLE; the refused ones then retry as told.
import { startCharlaStack } from '../lib/charla';
import { HttpClient } from '../lib/net';
import { processUsage } from '../lib/processes';
import { atMost, type Row, type Scenario } from '../lib/scenario';

const BURST = 60;
const PASSWORD = 'correct horse battery staple';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Outcome = { kind: 'ok' | 'refused' | 'unavailable' | 'failed'; ms: number; retryAfterMs?: number; code?: string };

async function attempt(http: HttpClient, query: string, variables: Record<string, unknown>): Promise<Outcome> {
  const started = performance.now();
  const response = await http.send('POST', '/graphql', JSON.stringify({ query, variables }));
  const ms = performance.now() - started;
  const body = JSON.parse(response.body) as { data?: unknown; errors?: { extensions?: { code?: string; retryAfterMs?: number } }[] };
  const error = body.errors?.[0]?.extensions;
  if (!error && body.data) return { kind: 'ok', ms };
  const retryAfter = Number(response.headers['retry-after']);
  const retryAfterMs = error?.retryAfterMs ?? (retryAfter > 0 ? retryAfter * 1000 : undefined);
  const code = error?.code ?? `HTTP ${response.status}`;
  const kind = code === 'TOO_MANY_REQUESTS' ? 'refused' : code === 'SERVICE_UNAVAILABLE' ? 'unavailable' : 'failed';
  return { kind, ms, retryAfterMs, code };
}

/** The burst, then each refused request again after its hint until it succeeds (60 s at most). */
async function burst(http: HttpClient, request: (i: number) => [string, Record<string, unknown>]) {
  const began = performance.now();
  const first = await Promise.all(Array.from({ length: BURST }, (_, i) => attempt(http, ...request(i))));
  const done = await Promise.all(
    first.map(async (outcome, i) => {
      let last = outcome;
      while (last.kind === 'refused' && performance.now() - began < 60_000) {
        await sleep(last.retryAfterMs ?? 1_000);
        last = await attempt(http, ...request(i));
      }
      return last;
    }),
  );
  const unfinished = done.filter((outcome) => outcome.kind !== 'ok');
  const count = (kind: Outcome['kind']) => first.filter((outcome) => outcome.kind === kind).length;
  return {
    ok: count('ok'),
    refused: count('refused'),
    refusedWithoutHint: first.filter((outcome) => outcome.kind === 'refused' && !(outcome.retryAfterMs! > 0)).length,
    unavailable: count('unavailable'),
    failed: count('failed'),
    codes: [...new Set(first.map((outcome) => outcome.code).filter(Boolean))],
    slowestMs: Math.max(...first.map((outcome) => outcome.ms)),
    allDone: unfinished.length === 0,
    /** How the retries that never got in ended (a refusal still after 60 s, or a failure). */
    unfinishedCodes: [...new Set(unfinished.map((outcome) => outcome.code ?? outcome.kind))],
    allDoneSeconds: (performance.now() - began) / 1000,
  };
}

export const signups: Scenario = {
  name: 'signups',
  needs: 'nothing',
  async run(context) {
    // The production cost: SCRYPT_LOG2_N's default (17), the hashing limits' defaults.
    const stack = await startCharlaStack('bench_signups', { cpuProfDir: context.cpuProfDir }, { users: { SCRYPT_LOG2_N: '17' } });
    const http = new HttpClient(stack.gateway.url, undefined, BURST * 2);
    try {
      const users = stack.processes.find((part) => part.name === 'users-service')!;
      const rssBefore = processUsage(users.pid).rssMiB;
      const register = await burst(http, (i) => [
        'mutation($input: RegisterInput!) { register(input: $input) { token } }',
        { input: { username: `burst${i}`, password: PASSWORD, firstName: 'Burst', lastName: `${i}` } },
      ]);
      const login = await burst(http, (i) => ['mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', { u: `burst${i}`, p: PASSWORD }]);
      const peakMiB = processUsage(users.pid).hwmMiB;
      context.say(`sign-ups: ${JSON.stringify(register)}`);
      context.say(`logins: ${JSON.stringify(login)}`);
      context.say(`users-service RSS ${rssBefore.toFixed(0)} MiB before, peak ${peakMiB.toFixed(0)} MiB`);
      const rows: Row[] = [];
      for (const [what, result] of [
        ['sign-up', register],
        ['login', login],
      ] as const) {
        const scenario = `${what} burst: ${BURST} at once, scrypt N=2^17`;
        const check = result.allDone ? `ok: all ${BURST} done after retries as hinted, in ${result.allDoneSeconds.toFixed(1)} s` : `FAIL: not all done after retries (${result.unfinishedCodes.join(', ')})`;
        rows.push(
          { scenario, figure: 'succeeded at once (queued)', unit: '', charla: result.ok, target: '', check },
          { scenario, figure: 'refused with TOO_MANY_REQUESTS + retry hint', unit: '', charla: result.refused, target: 'the rest', met: result.refusedWithoutHint === 0 && result.ok + result.refused === BURST },
          { scenario, figure: 'UNAVAILABLE or other failures', unit: '', charla: result.unavailable + result.failed, target: '0', met: result.unavailable + result.failed === 0 },
        );
      }
      rows.push({ scenario: `sign-up and login bursts`, figure: 'users-service peak RSS', unit: 'MiB', charla: peakMiB, target: '≤ base + HASH_CONCURRENCY × 128 MiB', met: atMost(peakMiB, rssBefore + 2 * 128 + 64) });
      return { rows, data: { register, login, rssBefore, peakMiB } };
    } finally {
      http.close();
      await stack.stop();
    }
  },
};
