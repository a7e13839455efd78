// Each part started as `npm start` starts it (tsx on src/main.ts, as a process), then used over
// GraphQL. In-process tests cannot catch what only breaks at process start (module resolution,
// configuration from the environment).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, waitFor } from '@charla/platform/testing';

const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

describe('the three parts as processes, on SQLite', () => {
  const children: ChildProcess[] = [];
  const output: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'charla-processes-'));
  let gateway: string;

  beforeAll(async () => {
    const [usersGrpc, usersHttp, messagesGrpc, messagesHttp, port] = await freePorts(5);
    const start = (part: string, env: Record<string, string>) => {
      const child = spawn(tsx, ['src/main.ts'], {
        cwd: join(root, part),
        env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', DATABASE_URL: '', DATA_DIR: join(dataDir, part), ...env },
      });
      child.stdout?.on('data', (chunk) => output.push(`${part}: ${chunk}`));
      child.stderr?.on('data', (chunk) => output.push(`${part}: ${chunk}`));
      children.push(child);
    };
    start('users-service', { GRPC_PORT: `${usersGrpc}`, HTTP_PORT: `${usersHttp}`, SCRYPT_LOG2_N: '12' });
    start('messages-service', { GRPC_PORT: `${messagesGrpc}`, HTTP_PORT: `${messagesHttp}`, USERS_GRPC_ADDR: `127.0.0.1:${usersGrpc}` });
    start('api-gateway', { PORT: `${port}`, USERS_GRPC_ADDR: `127.0.0.1:${usersGrpc}`, MESSAGES_GRPC_ADDR: `127.0.0.1:${messagesGrpc}` });
    gateway = `http://127.0.0.1:${port}`;
    await waitFor('the gateway to be ready', async () => (await fetch(`${gateway}/readyz`)).ok, 45_000).catch((error) => {
      throw new Error(`the parts did not become ready: ${error}\n${output.join('')}`);
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM'))))));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers a user and posts to #general through the gateway', async () => {
    const gql = async (query: string, token?: string) => {
      const response = await fetch(`${gateway}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as { data?: any; errors?: unknown[] };
    };
    const registered = await gql('mutation { register(input: {firstName: "Eva", lastName: "Ruiz", username: "eva", password: "long enough 1"}) { token } }');
    expect(registered.errors).toBeUndefined();
    const token: string = registered.data.register.token;
    // The parts start in any order, as `npm start` starts them: messages-service may have
    // come up before users-service and must reconnect to it by itself, within seconds.
    let rooms: { data?: any; errors?: unknown[] } = {};
    await waitFor('an authenticated query to answer', async () => {
      rooms = await gql('{ rooms { id title } }', token);
      return rooms.errors === undefined;
    }, 15_000).catch(() => {
      throw new Error(`rooms kept failing: ${JSON.stringify(rooms.errors)}\n${output.join('')}`);
    });
    const general = rooms.data.rooms.find((room: { title: string }) => room.title === 'general');
    expect(general).toBeDefined();
    const sent = await gql(`mutation { sendMessage(conversationId: "${general.id}", body: "hola") { seq body author { username } } }`, token);
    expect(sent.data.sendMessage).toEqual({ seq: 1, body: 'hola', author: { username: 'eva' } });
  });
});
