import { TEST_STORES } from '@charla/platform/testing';
import { startTestUsersService, uniqueName, type TestUsersService } from './harness';

interface Answer {
  status: number;
  text: string;
  json: () => Record<string, any>;
}

describe.each(TEST_STORES)('REST adapter on %s', (kind) => {
  let t: TestUsersService;

  async function request(method: string, path: string, options: { body?: unknown; raw?: string; token?: string; contentType?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined || options.raw !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const response = await fetch(`${t.http}${path}`, {
      method,
      headers,
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text) };
  }

  const register = async (username = uniqueName(), email = '') => {
    const answer = await request('POST', '/v1/users', { body: { username, password: 'correct horse battery', first_name: 'Ana', lastName: 'Pérez', email } });
    expect(answer.status).toBe(201);
    return answer.json() as { user: { id: string; username: string; email?: string; firstName: string }; token: string };
  };

  beforeAll(async () => {
    t = await startTestUsersService(kind, 'users_rest');
  });
  afterAll(() => t.stop());

  it('registers with 201 and refuses bad input with 400 naming the field, and taken names with 409', async () => {
    const username = uniqueName();
    const created = await register(username, `${username}@example.org`);
    expect(created.user).toMatchObject({ username, firstName: 'Ana', email: `${username}@example.org`, status: 'USER_STATUS_OFFLINE' });

    const bad = await request('POST', '/v1/users', { body: { username: 'x', password: 'correct horse battery' } });
    expect(bad.status).toBe(400);
    expect(bad.json().error.fieldViolations[0].field).toBe('username');
    const wrongType = await request('POST', '/v1/users', { body: { username: ['a'], password: 'correct horse battery' } });
    expect(wrongType.status).toBe(400);
    const notJson = await request('POST', '/v1/users', { raw: '{"username":' });
    expect(notJson.status).toBe(400);
    const taken = await request('POST', '/v1/users', { body: { username: username.toUpperCase(), password: 'correct horse battery' } });
    expect(taken.status).toBe(409);
    expect(taken.json().error.status).toBe('ALREADY_EXISTS');
    expect(taken.text).not.toMatch(/at .*\.ts/);
  });

  it('answers the support socket login exactly', async () => {
    const username = uniqueName();
    const { user } = await register(username);

    const ok = await request('POST', '/v1/auth/', { body: { user_name: username, password: 'correct horse battery' } });
    expect(ok.status).toBe(200);
    const body = ok.json();
    expect(Object.keys(body)).toEqual(['error', 'result', 'id']);
    expect(body.error).toBeNull();
    expect(body.id).toBe(Number(user.id));
    expect(typeof body.result.token).toBe('string');
    expect((await request('GET', '/v1/auth/verify', { token: body.result.token })).status).toBe(200);

    const wrongPassword = await request('POST', '/v1/auth/', { body: { user_name: username, password: 'wrong password' } });
    expect([wrongPassword.status, wrongPassword.text]).toEqual([403, '']);
    const unknownUser = await request('POST', '/v1/auth/', { body: { user_name: uniqueName('ghost'), password: 'whatever1' } });
    expect([unknownUser.status, unknownUser.text]).toEqual([403, '']);

    for (const other of [
      { body: { username, password: 'correct horse battery' } },
      { body: { user_name: username, password: 12345678 } },
      { body: [username] },
      { raw: 'not json' },
      { raw: JSON.stringify({ user_name: username, password: 'x'.repeat(20_000) }) },
    ]) {
      const answer = await request('POST', '/v1/auth/', other);
      expect([answer.status, answer.text]).toEqual([404, '']);
    }
    const get = await request('GET', '/v1/auth/');
    expect([get.status, get.text]).toEqual([404, '']);
    // Without a content type, the body is still read as JSON.
    const plain = await request('POST', '/v1/auth/', { raw: JSON.stringify({ user_name: username, password: 'correct horse battery' }), contentType: 'text/plain' });
    expect(plain.status).toBe(200);
  });

  it('verifies tokens, lists users and gets one, with a token only', async () => {
    const me = await register(uniqueName(), `${uniqueName()}@example.org`);
    const other = await register();

    const verified = await request('GET', '/v1/auth/verify', { token: me.token });
    expect(verified.status).toBe(200);
    expect(verified.json().user.id).toBe(me.user.id);
    expect((await request('GET', '/v1/auth/verify', { token: 'forged' })).status).toBe(401);
    expect((await request('GET', '/v1/auth/verify')).status).toBe(401);

    expect((await request('GET', '/v1/users')).status).toBe(401);
    const page = await request('GET', '/v1/users?page_size=100', { token: me.token });
    expect(page.status).toBe(200);
    const ids = page.json().users.map((u: { id: string }) => u.id);
    expect(ids).toEqual(expect.arrayContaining([me.user.id, other.user.id]));
    expect((await request('GET', '/v1/users?page_size=1000', { token: me.token })).status).toBe(400);

    const theirs = await request('GET', `/v1/users/${me.user.id}`, { token: other.token });
    expect(theirs.json().user.email).toBeUndefined();
    const mine = await request('GET', `/v1/users/${me.user.id}`, { token: me.token });
    expect(mine.json().user.email).toBe(me.user.email);
    expect((await request('GET', '/v1/users/99999999', { token: me.token })).status).toBe(404);
    expect((await request('GET', '/v1/users/abc', { token: me.token })).status).toBe(400);
  });

  it('patches only the caller’s own profile', async () => {
    const me = await register();
    const other = await register();
    const patched = await request('PATCH', `/v1/users/${me.user.id}`, { token: me.token, body: { firstName: 'Marta' } });
    expect(patched.status).toBe(200);
    expect(patched.json().user).toMatchObject({ firstName: 'Marta', lastName: 'Pérez', username: me.user.username });
    const notMine = await request('PATCH', `/v1/users/${other.user.id}`, { token: me.token, body: { firstName: 'X' } });
    expect(notMine.status).toBe(403);
    const badEmail = await request('PATCH', `/v1/users/${me.user.id}`, { token: me.token, body: { email: 'nope' } });
    expect(badEmail.status).toBe(400);
    expect(badEmail.json().error.fieldViolations[0].field).toBe('email');
    const role = await request('PATCH', `/v1/users/${me.user.id}`, { token: me.token, body: { role: 'USER_ROLE_ADMIN' } });
    expect(role.status).toBe(400);
    expect(role.json().error.fieldViolations[0].field).toBe('role');
  });

  it('caps the body size, logs out, and answers unknown routes with JSON 404', async () => {
    const big = await request('POST', '/v1/users', { raw: JSON.stringify({ username: 'x'.repeat(17 * 1024) }) });
    expect(big.status).toBe(413);
    const me = await register();
    expect((await request('POST', '/v1/auth/logout', { token: me.token })).status).toBe(204);
    expect((await request('GET', '/v1/auth/verify', { token: me.token })).status).toBe(401);
    const unknown = await request('GET', '/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.json().error.status).toBe('NOT_FOUND');
  });
});
