// The three real processes behind the browser tests, in-process on free ports, plus Chromium.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { freshTestStore, type TestStoreLocation } from '@charla/platform/testing';
import { freePort } from '@charla/platform/testing';
import { startMessagesService, messagesConfigFromEnv } from '../messages-service/src/app';
import { startUsersService, usersConfigFromEnv } from '../users-service/src/app';
import { gatewayConfigFromEnv, startGateway } from '../api-gateway/src/app';

const ROOT = join(__dirname, '..');
const CLIENT = join(ROOT, 'client');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const OPERATOR = { username: 'operator', password: 'operator-secret-1' };
export const MOTD = 'Welcome to Charla! Be kind, and say hello in #general.';

export interface Stack {
  /** http://127.0.0.1:<port>, the gateway serving client/dist at `/`. */
  url: string;
  browser: Browser;
  /** A second gateway as its own process (as `npm start` runs it), to kill and start again. */
  spawnGateway(): Promise<GatewayProcess>;
  stop(): Promise<void>;
}

export interface GatewayProcess {
  url: string;
  /** SIGKILL: no goodbye to any socket, as when the machine dies. */
  kill(): Promise<void>;
  /** Starts it again on the same port; resolves once /readyz says ready. */
  start(): Promise<void>;
}

export interface StackOptions {
  /** Gateway environment over the defaults below (e.g. tighter rate limits). */
  gatewayEnv?: Record<string, string>;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds client/dist unless it is newer than every source file: once per change, not per test file. */
export function buildClient(): void {
  const built = join(CLIENT, 'dist', 'index.html');
  const sources = Math.max(newestMtime(join(CLIENT, 'src')), statSync(join(CLIENT, 'index.html')).mtimeMs, statSync(join(CLIENT, 'vite.config.mts')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs > sources) return;
  const result = spawnSync('npm', ['run', 'build', '-w', 'client'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`client build failed:\n${result.stdout}\n${result.stderr}`);
}

async function gatewayProcess(env: Record<string, string>, leftovers: (() => Promise<unknown>)[]): Promise<GatewayProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const output: string[] = [];
  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise((resolve) => {
      running.once('exit', resolve);
      running.kill('SIGKILL');
    });
  };
  const start = async () => {
    await kill();
    // `node --import tsx` rather than the tsx binary: one process, so SIGKILL reaches the gateway itself.
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: join(ROOT, 'api-gateway'),
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn' },
    });
    child.stdout?.on('data', (chunk) => output.push(String(chunk)));
    child.stderr?.on('data', (chunk) => output.push(String(chunk)));
    const deadline = Date.now() + 45_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the gateway process exited:\n${output.join('')}`);
      if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) return;
      if (Date.now() > deadline) throw new Error(`the gateway process did not become ready:\n${output.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  leftovers.push(kill);
  await start();
  return { url, kill, start };
}

export async function startStack(label: string, options: StackOptions = {}): Promise<Stack> {
  buildClient();
  const leftovers: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const dispose of leftovers.splice(0).reverse()) await dispose().catch(() => undefined);
  };
  try {
    const usersDb: TestStoreLocation = await freshTestStore('mysql', `${label}_users`);
    leftovers.push(() => usersDb.dispose());
    const messagesDb: TestStoreLocation = await freshTestStore('mysql', `${label}_messages`);
    leftovers.push(() => messagesDb.dispose());

    const common = { NODE_ENV: 'test', GRPC_PORT: '0', HTTP_PORT: '0', LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'silent' };
    const users = await startUsersService(
      usersConfigFromEnv({
        ...common,
        DATABASE_URL: usersDb.url,
        DATA_DIR: usersDb.dataDir,
        SCRYPT_LOG2_N: '10',
        PRESENCE_GRACE_MS: '300',
        PRESENCE_SWEEP_MS: '100',
        CHARLA_ADMIN_USERNAME: OPERATOR.username,
        CHARLA_ADMIN_PASSWORD: OPERATOR.password,
      }),
    );
    leftovers.push(() => users.stop());
    const messages = await startMessagesService(
      messagesConfigFromEnv({ ...common, DATABASE_URL: messagesDb.url, DATA_DIR: messagesDb.dataDir, USERS_GRPC_ADDR: `127.0.0.1:${users.grpcPort}` }),
    );
    leftovers.push(() => messages.stop());

    const gatewayEnv = {
      USERS_GRPC_ADDR: `127.0.0.1:${users.grpcPort}`,
      MESSAGES_GRPC_ADDR: `127.0.0.1:${messages.grpcPort}`,
      CLIENT_DIST: join(CLIENT, 'dist'),
      LOGINS_PER_MINUTE: '1000',
      SENDS_PER_SECOND: '100',
      SEND_BURST: '200',
      MOTD,
      ...options.gatewayEnv,
    };
    const gateway = await startGateway(gatewayConfigFromEnv({ ...common, PORT: '0', ...gatewayEnv }));
    leftovers.push(() => gateway.stop());

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    leftovers.push(() => browser.close());
    return {
      url: `http://127.0.0.1:${gateway.port}`,
      browser,
      spawnGateway: () => gatewayProcess({ NODE_ENV: 'test', ...gatewayEnv }, leftovers),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
