// The production path the Dockerfile builds, without a Docker engine: its build steps run on a
// copy of the tree (HEAD, as a clean checkout would have it; CHARLA_IMAGE_TREE=worktree takes the
// files as they are now, minus .dockerignore's), then the built parts start with plain node,
// NODE_ENV=production and the dev dependencies pruned, and answer /readyz and GraphQL.
// `npm ci` is the one step not run as written: the installed node_modules are hard-linked into
// the copy instead (a fresh install takes minutes), and pruned there like the image's.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePorts, notableLines, waitFor, writeRunSettings } from '@charla/platform/testing';
import { door } from '@charla/stack';

const root = join(__dirname, '..', '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
/** The build stage: everything before the second FROM. */
const buildStage = dockerfile.split(/^FROM /m)[1];
const runSteps = [...buildStage.matchAll(/^RUN (.+)$/gm)].map((m) => m[1]);
const runtimeEnv: Record<string, string> = Object.fromEntries(
  [...(dockerfile.split(/^FROM /m)[2] ?? '').matchAll(/^ENV (.+)$/gm)].flatMap((m) => m[1].split(/\s+/).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])),
);

/** The build context: HEAD's files, or (worktree) git's files as they are now minus what .dockerignore leaves out. */
function copyContext(into: string): void {
  if (process.env.CHARLA_IMAGE_TREE !== 'worktree') {
    execFileSync('sh', ['-c', `git archive HEAD | tar -x -C '${into}'`], { cwd: root });
    return;
  }
  const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const patterns = ignored.map((p) => new RegExp(`^${p.replace(/\*\*\//g, '(.*/)?').replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}(/|$)`));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root }).toString().split('\0');
  for (const file of files) {
    if (!file || patterns.some((pattern) => pattern.test(file)) || !existsSync(join(root, file)) || !statSync(join(root, file)).isFile()) continue;
    mkdirSync(dirname(join(into, file)), { recursive: true });
    copyFileSync(join(root, file), join(into, file));
  }
}

/** `npm ci`, the fast way: the installed packages hard-linked (pruning unlinks, never edits); npm's own record copied. */
function linkInstalledPackages(into: string): void {
  for (const folder of ['node_modules', ...['api-gateway', 'messages-service', 'users-service', 'platform', 'client', 'proto', 'stack'].map((w) => join(w, 'node_modules'))]) {
    if (existsSync(join(root, folder))) execFileSync('cp', ['-al', join(root, folder), join(into, folder)]);
  }
  const record = join(into, 'node_modules', '.package-lock.json');
  rmSync(record, { force: true });
  copyFileSync(join(root, 'node_modules', '.package-lock.json'), record);
}

describe('the production build (the Dockerfile\'s steps on a copy of the tree)', () => {
  const work = mkdtempSync(join(tmpdir(), 'charla-image-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'charla-image-data-'));
  const children: ChildProcess[] = [];
  const output: string[] = [];
  const serviceToken = randomBytes(16).toString('hex');
  let gateway = '';

  const production = { ...process.env, ...runtimeEnv, NODE_ENV: 'production', HOST: '127.0.0.1', DATA_DIR: dataDir, SERVICE_TOKEN: serviceToken, LOG_LEVEL: 'warn', SCRYPT_LOG2_N: '12' };

  beforeAll(() => {
    copyContext(work);
    for (const step of runSteps) {
      if (step.startsWith('apt-get')) continue; // the build tools are on this machine already
      if (step.startsWith('npm ci')) {
        linkInstalledPackages(work);
        continue;
      }
      // No registry needed: pruning only removes what the lock marks as dev.
      const command = step.startsWith('npm prune') ? `${step} --offline` : step;
      try {
        execFileSync('sh', ['-c', command], { cwd: work, env: { ...process.env, NODE_ENV: undefined, INIT_CWD: work }, stdio: 'pipe' });
      } catch (error) {
        const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
        throw new Error(`the image's step \`${step}\` failed:\n${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`);
      }
    }
  }, 150_000);

  afterAll(async () => {
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM'))))));
    rmSync(work, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('builds every part to JavaScript, and leaves no dev dependency behind', () => {
    expect(runSteps).toEqual(expect.arrayContaining(['npm ci --no-audit --no-fund', 'npm run build', 'npm prune --omit=dev --no-audit --no-fund']));
    expect(runtimeEnv).toMatchObject({ NODE_ENV: 'production', NODE_OPTIONS: '--conditions=charla-dist' });
    for (const part of ['users-service', 'messages-service', 'api-gateway']) expect(existsSync(join(work, part, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(join(work, 'proto', 'dist', 'charla', 'messages', 'v1', 'messages.js'))).toBe(true);
    expect(existsSync(join(work, 'api-gateway', 'dist', 'schema.graphql'))).toBe(true);
    expect(existsSync(join(work, 'client', 'dist', 'index.html'))).toBe(true);
    for (const dev of ['typescript', 'tsx', 'jest', '@swc/core', 'ts-proto']) expect(existsSync(join(work, 'node_modules', dev))).toBe(false);
    // What production needs stayed.
    for (const needed of ['prom-client', 'pino', 'better-sqlite3', '@grpc/grpc-js', 'graphiql']) expect(existsSync(join(work, 'node_modules', needed))).toBe(true);
  });

  it('starts with plain node and answers /readyz, GraphQL, GraphiQL, health checks and /metrics', async () => {
    const [usersGrpc, usersHttp, messagesGrpc, messagesHttp, port] = await freePorts(5);
    const start = (part: string, env: Record<string, string>) => {
      const child = spawn(process.execPath, [join(work, part, 'dist', 'main.js')], { cwd: join(work, part), env: { ...production, ...env } });
      child.stdout?.on('data', (chunk) => output.push(`${part}: ${chunk}`));
      child.stderr?.on('data', (chunk) => output.push(`${part}: ${chunk}`));
      children.push(child);
    };
    const users = `127.0.0.1:${usersGrpc}`;
    const messages = `127.0.0.1:${messagesGrpc}`;
    start('users-service', { GRPC_PORT: `${usersGrpc}`, HTTP_PORT: `${usersHttp}` });
    start('messages-service', { GRPC_PORT: `${messagesGrpc}`, HTTP_PORT: `${messagesHttp}`, USERS_GRPC_ADDR: users });
    start('api-gateway', { PORT: `${port}`, USERS_GRPC_ADDR: users, MESSAGES_GRPC_ADDR: messages });
    gateway = `http://127.0.0.1:${port}`;
    await waitFor('the built gateway to be ready', async () => (await fetch(`${gateway}/readyz`)).ok, 30_000, () => output.join(''));

    const api = door(gateway);
    const eva = await api.register('eva');
    expect(await api.data('{ me { username } motd rooms { title } }', {}, eva.token)).toEqual({ me: { username: 'eva' }, motd: 'Welcome to Charla.', rooms: [{ title: 'general' }] });

    // The browser client and GraphiQL's assets are served from the built tree.
    expect(await (await fetch(`${gateway}/`, { headers: { accept: 'text/html' } })).text()).toContain('<div id="app"');
    expect(await (await fetch(`${gateway}/graphql`, { headers: { accept: 'text/html' } })).text()).toContain('Charla GraphiQL');
    for (const asset of ['graphiql.js', 'graphiql.css', 'react.js', 'graphql-ws.js']) expect((await fetch(`${gateway}/graphiql/${asset}`)).status).toBe(200);

    const health = (...args: string[]) => execFileSync(process.execPath, [join(work, 'platform', 'dist', 'healthcheck.js'), ...args], { cwd: work, env: production }).toString();
    expect(health('grpc', users, 'charla.users.v1.UsersService')).toContain('SERVING');
    expect(health('grpc', messages, 'charla.messages.v1.MessagesService')).toContain('SERVING');
    expect(health('http', `${gateway}/readyz`)).toContain('200');

    const metrics = await (await fetch(`${gateway}/metrics`)).text();
    expect(metrics).toMatch(/charla_requests_total\{door="graphql",method="mutation register",code="OK"\} 1/);
    expect(metrics).toContain('process_cpu_seconds_total');
  }, 60_000);

  it('runs under the supervisor, the image\'s default command, and the console works against it', async () => {
    await Promise.all(children.splice(0).map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM'))))));
    const settings = join(dataDir, 'charla.json');
    await writeRunSettings(settings);
    const env = { ...production, CHARLA_CONFIG: settings, DATA_DIR: join(dataDir, 'supervised') };
    const supervisor = spawn(process.execPath, [join(work, 'cli', 'supervisor.mjs')], { cwd: work, env });
    children.push(supervisor);
    let said = '';
    supervisor.stdout?.on('data', (chunk) => (said += chunk));
    supervisor.stderr?.on('data', (chunk) => (said += chunk));
    await waitFor('the supervised parts to be ready', async () => said.includes('Charla is ready'), 30_000, () => notableLines(said));
    expect(said).toContain('starting Charla (built JavaScript)');
    const console = (...args: string[]) => execFileSync(process.execPath, [join(work, 'cli', 'charla.mjs'), ...args], { cwd: work, env }).toString();
    const status = console('status');
    for (const part of ['users-service', 'messages-service', 'api-gateway']) expect(status).toMatch(new RegExp(`^${part}\\s+SERVING\\s+`, 'm'));
    expect(console('stop')).toContain('Charla stopped.');
  }, 60_000);
});
