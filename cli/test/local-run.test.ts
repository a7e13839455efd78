// `npm start` and `npx charla` as a user runs them: the supervisor on a fresh data folder with a
// settings file on free ports, the console's commands as child processes, what they print and
// what they change; the request id through all three parts; /metrics on each; a crashed part
// coming back; the live message of the day on a connected socket.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FormattedExecutionResult } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { notableLines, waitFor, writeRunSettings } from '@charla/platform/testing';

const root = join(__dirname, '..', '..');
const PARTS = ['users-service', 'messages-service', 'api-gateway'] as const;
const dir = mkdtempSync(join(tmpdir(), 'charla-local-run-'));
const dataDir = join(dir, 'data');
const settings = join(dir, 'charla.json');
/** What every command sees: the run's settings and data folder, nothing of jest's environment. */
const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, CHARLA_CONFIG: settings, DATA_DIR: dataDir };

let supervisor: ChildProcess;
let said = '';
let gateway = '';

/** `npx charla …` (the bin itself), with the run's environment over `extra`; `input` for the console's prompt. */
function charla(args: string[], extra: NodeJS.ProcessEnv = {}, input?: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [join(root, 'cli', 'charla.mjs'), ...args], { cwd: root, env: { ...env, ...extra } });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  child.stdin.end(input);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })));
}

const partFile = (part: string) => JSON.parse(readFileSync(join(dataDir, 'run', `${part}.json`), 'utf8')) as { pid: number; http: string; grpc?: string };
const logOf = (part: string) => readFileSync(join(dataDir, 'logs', `${part}.log`), 'utf8');

async function gql(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(`${gateway}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { headers: response.headers, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}

async function register(username: string): Promise<string> {
  const { body } = await gql('mutation($u: String!) { register(input: {firstName: $u, lastName: "Test", username: $u, password: "correct horse 1"}) { token } }', { u: username });
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data.register.token;
}

beforeAll(async () => {
  const expected = await writeRunSettings(settings, {
    all: { LOG_LEVEL: 'debug' },
    'users-service': { SCRYPT_LOG2_N: 10 },
    'messages-service': { MOTD: 'Hello from the settings file' },
    'api-gateway': { CLIENT_DIST: '/nonexistent' },
  });
  supervisor = spawn(process.execPath, [join(root, 'cli', 'supervisor.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  supervisor.stdout?.on('data', (chunk) => (said += chunk));
  supervisor.stderr?.on('data', (chunk) => (said += chunk));
  await waitFor('npm start to say Charla is ready', async () => /Charla is ready: open (\S+)/.test(said), 60_000, () => notableLines(said));
  gateway = /Charla is ready: open (\S+)/.exec(said)?.[1] ?? '';
  expect(gateway).toBe(expected.gateway);
}, 90_000);

afterAll(async () => {
  if (supervisor.exitCode === null) {
    supervisor.kill('SIGTERM');
    await new Promise((resolve) => supervisor.once('exit', resolve));
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start and npx charla, on a fresh data folder', () => {
  it('keeps everything in the one data folder: both databases, the logs, the run files', () => {
    for (const file of ['users.db', 'messages.db', 'logs/users-service.log', 'logs/api-gateway.log', 'run/charla.json', 'run/messages-service.json']) {
      expect(existsSync(join(dataDir, file))).toBe(true);
    }
  });

  it('status: each part serving, with its version, uptime, pid, the ports of the settings file, sockets and users online', async () => {
    const { code, out } = await charla(['status']);
    expect(code).toBe(0);
    expect(out).toContain(`Charla on ${dataDir}`);
    for (const part of PARTS) {
      const { pid, http, grpc } = partFile(part);
      const row = out.split('\n').find((line) => line.startsWith(part)) ?? '';
      expect(row).toMatch(new RegExp(`^${part}\\s+SERVING\\s+0\\.1\\.0\\s+\\d+s\\s+${pid}\\s+\\d+\\s+(\\d+|-)\\s+`));
      expect(row).toContain(http);
      if (grpc) expect(row).toContain(`gRPC ${grpc}`);
    }
    expect(partFile('api-gateway').http).toBe(gateway);
  });

  it('carries a request id from the client through all three parts, into every part\'s log and back', async () => {
    const token = await register('rita');
    // A token the gateway has not checked yet: it asks users-service, then messages-service (which asks it too).
    const { headers, body } = await gql('{ conversations { title } }', {}, { authorization: `Bearer ${token}`, 'x-request-id': 't-123' });
    expect(body.data?.conversations).toEqual([{ title: 'general' }]);
    expect(headers.get('x-request-id')).toBe('t-123');
    await waitFor('the three parts to log the request', async () => PARTS.every((part) => logOf(part).includes('"requestId":"t-123"')), 5_000);
    const lines = (part: string) => logOf(part).split('\n').filter((line) => line.includes('"requestId":"t-123"')).map((line) => JSON.parse(line));
    expect(lines('api-gateway').map((l) => l.route)).toContain('POST /graphql');
    expect(lines('users-service').map((l) => l.rpc)).toContain('BatchAuthenticate');
    expect(lines('messages-service').map((l) => l.rpc)).toContain('ListConversations');
    // Without one, the gateway makes one and answers with it.
    const made = (await gql('{ motd }')).headers.get('x-request-id');
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Prometheus metrics on every part\'s HTTP port', async () => {
    const token = await register('mia');
    const rooms = (await gql('{ rooms { id } }', {}, { authorization: `Bearer ${token}` })).body.data.rooms;
    await gql('mutation($c: ID!) { sendMessage(conversationId: $c, body: "hola") { seq } }', { c: rooms[0].id }, { authorization: `Bearer ${token}` });
    // Refusals are counted by the code the client gets, over HTTP and over a socket alike.
    const refused = await gql('mutation($c: ID!) { sendMessage(conversationId: $c, body: " ") { seq } }', { c: rooms[0].id }, { authorization: `Bearer ${token}` });
    expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const socket = createClient({ url: gateway.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { token }, retryAttempts: 0 });
    const overSocket = await new Promise<FormattedExecutionResult>((resolve, reject) =>
      socket.subscribe({ query: 'mutation($c: ID!) { sendMessage(conversationId: $c, body: " ") { seq } }', variables: { c: rooms[0].id } }, { next: resolve, error: reject, complete: () => undefined }),
    );
    await socket.dispose();
    expect(overSocket.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const metrics = Object.fromEntries(await Promise.all(PARTS.map(async (part) => [part, await (await fetch(`${partFile(part).http}/metrics`)).text()])));
    for (const part of PARTS) {
      expect(metrics[part]).toContain('process_cpu_seconds_total');
      expect(metrics[part]).toContain('# TYPE charla_request_duration_seconds histogram');
    }
    expect(metrics['users-service']).toMatch(/charla_requests_total\{door="grpc",method="Register",code="OK"\} [1-9]/);
    // The sends, alone or in the gateway's batches (a batch answers each send on its own, refusals included); one stored.
    expect(metrics['messages-service']).toMatch(/charla_requests_total\{door="grpc",method="SendMessages?",code="OK"\} [1-3]/);
    expect(metrics['messages-service']).toMatch(/charla_messages_stored_total 1/);
    expect(metrics['messages-service']).toMatch(/charla_group_commit_sends_count [1-9]/);
    expect(metrics['messages-service']).toMatch(/charla_event_streams_open\{stream="messages"\} 1/);
    expect(metrics['api-gateway']).toMatch(/charla_requests_total\{door="graphql",method="mutation sendMessage",code="OK"\} 1/);
    expect(metrics['api-gateway']).toMatch(/charla_requests_total\{door="graphql",method="mutation sendMessage",code="BAD_USER_INPUT"\} 2/);
    expect(metrics['api-gateway']).not.toMatch(/code="INTERNAL_SERVER_ERROR"/);
    expect(metrics['api-gateway']).toMatch(/charla_requests_total\{door="http",method="POST \/graphql",code="200"\} [1-9]/);
    expect(metrics['api-gateway']).toMatch(/charla_events_streamed_total\{stream="messages"\} [1-9]/);
    expect(metrics['api-gateway']).toMatch(/charla_event_stream_lag_seconds_count\{stream="messages"\} [1-9]/);
  });

  it('motd set: stored, in the motd query, and pushed at once to a connected client', async () => {
    expect((await charla(['motd'])).out).toContain('Hello from the settings file');
    const token = await register('luz');
    const client = createClient({ url: gateway.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { token }, lazy: false, retryAttempts: 0 });
    const seen: (string | null)[] = [];
    const stop = client.subscribe<{ motdChanged: string | null }>({ query: 'subscription { motdChanged }' }, { next: (r) => seen.push(r.data?.motdChanged ?? null), error: () => undefined, complete: () => undefined });
    try {
      const subscribed = async () => /charla_subscriptions\{field="motdChanged"\} 1/.test(await (await fetch(`${gateway}/metrics`)).text());
      await waitFor('the socket to subscribe', subscribed, 5_000);
      const set = await charla(['motd', 'set', 'Maintenance at 18:00, be kind']);
      expect(set.code).toBe(0);
      expect(set.out).toContain('Message of the day set');
      await waitFor('the socket to hear the new message of the day', async () => seen.includes('Maintenance at 18:00, be kind'), 5_000);
      expect((await gql('{ motd }')).body.data.motd).toBe('Maintenance at 18:00, be kind');
      expect((await charla(['motd'])).out).toMatch(/set \d{4}-\d\d-\d\dT.*\n {2}Maintenance at 18:00, be kind/);
    } finally {
      stop();
      await client.dispose();
    }
  });

  it('users and users promote: roles change in users-service, with clear refusals', async () => {
    await register('ana');
    const promoted = await charla(['users', 'promote', 'ana', 'operator']);
    expect(promoted).toMatchObject({ code: 0, out: 'ana is now operator (was user).\n' });
    const listed = await charla(['users']);
    expect(listed.out).toMatch(/^ana\s+ana Test\s+operator\s+offline\s+never$/m);
    expect(listed.out).toMatch(/\d+ users, \d+ online/);
    expect((await gql('{ user(username: "ana") { role } }', {}, { authorization: `Bearer ${await register('eve')}` })).body.data.user.role).toBe('OPERATOR');
    expect(await charla(['users', 'promote', 'nobody', 'admin'])).toMatchObject({ code: 1, err: 'There is no user named "nobody".\n' });
    expect(await charla(['users', 'promote', 'ana', 'king'])).toMatchObject({ code: 1, err: expect.stringContaining('usage: users promote') });
  });

  it('takes an admin\'s token instead of the service credential, and refuses a wrong one without a stack trace', async () => {
    const wrong = await charla(['status'], { SERVICE_TOKEN: 'not-the-one' });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/^users-service refused the admin credential \(SERVICE_TOKEN\)/);
    expect(wrong.err).not.toMatch(/\n\s+at /);
    const user = await register('ugo');
    expect(await charla(['motd', 'set', 'mine now'], { CHARLA_ADMIN_TOKEN: user })).toMatchObject({ code: 1, err: expect.stringContaining('is not an admin\'s') });
    expect((await charla(['users', 'promote', 'ugo', 'admin'])).code).toBe(0);
    const admin = (await gql('mutation { login(username: "ugo", password: "correct horse 1") { token } }')).body.data.login.token;
    expect((await charla(['status'], { CHARLA_ADMIN_TOKEN: admin })).code).toBe(0);
  });

  it('says which part is down, and where it looked, when nothing answers', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'charla-nothing-'));
    writeFileSync(join(empty, 'charla.json'), JSON.stringify({ 'users-service': { HTTP_PORT: 1 }, 'messages-service': { HTTP_PORT: 2 }, 'api-gateway': { PORT: 3 } }));
    const down = await charla(['status'], { CHARLA_CONFIG: join(empty, 'charla.json'), DATA_DIR: join(empty, 'data') });
    expect(down.code).toBe(1);
    expect(down.out).toMatch(/^users-service\s+DOWN .*not answering at http:\/\/127\.0\.0\.1:1$/m);
    expect(await charla(['stop'], { DATA_DIR: join(empty, 'data') })).toMatchObject({ code: 1, err: expect.stringContaining('Charla is not running') });
    rmSync(empty, { recursive: true, force: true });
  });

  it('restart messages-service: gracefully, a new process serving again, the message of the day kept', async () => {
    const before = partFile('messages-service').pid;
    const restarted = await charla(['restart', 'messages-service']);
    expect(restarted.code).toBe(0);
    const after = partFile('messages-service').pid;
    expect(after).not.toBe(before);
    expect(restarted.out).toContain(`messages-service restarted: pid ${before} → ${after}, serving again.`);
    expect(logOf('messages-service')).toMatch(/"signal":"SIGTERM","msg":"stopping"/);
    await waitFor('the gateway to be ready again', async () => (await fetch(`${gateway}/readyz`)).ok, 10_000);
    expect((await gql('{ motd }')).body.data.motd).toBe('Maintenance at 18:00, be kind');
  });

  it('brings back a part that crashed (kill -9), and says so', async () => {
    const { pid } = partFile('api-gateway');
    process.kill(pid, 'SIGKILL');
    await waitFor('the supervisor to say it', async () => said.includes('api-gateway exited (SIGKILL); restarting in 1 s'), 5_000);
    await waitFor('the gateway to come back', async () => said.includes('api-gateway is running again') && (await fetch(`${gateway}/readyz`)).ok, 30_000, () => said.slice(-2000));
    expect(partFile('api-gateway').pid).not.toBe(pid);
  });

  it('console: the same commands at a prompt, with a history kept in the data folder', async () => {
    const session = await charla(['console'], {}, 'motd\nusers promote ana user\nfrob\nexit\n');
    expect(session.code).toBe(0);
    expect(session.out).toContain('Maintenance at 18:00, be kind');
    expect(session.out).toContain('ana is now user (was operator).');
    expect(session.out).toContain('unknown command "frob"');
    expect(readFileSync(join(dataDir, 'run', 'console_history'), 'utf8')).toBe('motd\nusers promote ana user\nfrob\nexit\n');
  });

  it('logs: the run\'s logs, readable, for one part or all', async () => {
    const { code, out } = await charla(['logs', '--lines', '5', 'messages-service']);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^\d\d:\d\d:\d\d (TRACE|DEBUG|INFO |WARN |ERROR|FATAL) messages-service /);
  });

  it('logs --follow: prints what the parts log next, until Ctrl-C', async () => {
    const follow = spawn(process.execPath, [join(root, 'cli', 'charla.mjs'), 'logs', '--follow', '--lines', '0', 'api-gateway'], { cwd: root, env });
    let out = '';
    follow.stdout.on('data', (chunk) => (out += chunk));
    await waitFor('it to follow', async () => out.includes('(following api-gateway; Ctrl-C stops)'), 5_000);
    await gql('{ motd }', {}, { 'x-request-id': 'followed-1' });
    await waitFor('the new line', async () => out.includes('requestId=followed-1'), 5_000, () => out);
    follow.kill('SIGINT');
    expect(await new Promise((resolve) => follow.once('close', resolve))).toBe(0);
  });

  it('stop: every part stops gracefully, and the supervisor with them', async () => {
    const stopped = await charla(['stop']);
    expect(stopped).toMatchObject({ code: 0, out: expect.stringContaining('Charla stopped.') });
    expect(supervisor.exitCode ?? (await new Promise((resolve) => supervisor.once('exit', resolve)))).toBe(0);
    expect(existsSync(join(dataDir, 'run', 'charla.json'))).toBe(false);
    for (const part of PARTS) expect(logOf(part)).toMatch(/"msg":"(gateway )?stopped"/);
  });
});
