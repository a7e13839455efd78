// The three real parts behind the browser tests (@charla/stack), the gateway serving the built
// client, plus Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { OPERATOR, QUICK_PRESENCE, startStack as startParts, type GatewayProcess } from '@charla/stack';

export { OPERATOR, type GatewayProcess };

const ROOT = join(__dirname, '..');
const CLIENT = join(ROOT, 'client');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const MOTD = 'Welcome to Charla! Be kind, and say hello in #general.';

export interface Stack {
  /** http://127.0.0.1:<port>, the gateway serving client/dist at `/`. */
  url: string;
  browser: Browser;
  /** A second gateway as its own process (as `npm start` runs it), to kill and start again. */
  spawnGateway(): Promise<GatewayProcess>;
  /** Sets the message of the day as `npx charla motd set` does (messages-service's /v1/admin, the service credential). */
  setMotd(text: string): Promise<void>;
  stop(): Promise<void>;
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

export async function startStack(label: string, options: StackOptions = {}): Promise<Stack> {
  buildClient();
  const logLevel = process.env.E2E_LOG_LEVEL;
  const parts = await startParts({
    label,
    operator: true,
    env: {
      all: logLevel ? { LOG_LEVEL: logLevel } : {},
      users: QUICK_PRESENCE,
      // The message of the day's first value; the console's `motd set` stores the next.
      messages: { MOTD },
      gateway: { CLIENT_DIST: join(CLIENT, 'dist'), LOGINS_PER_MINUTE: '1000', SENDS_PER_SECOND: '100', SEND_BURST: '200', ...options.gatewayEnv },
    },
  });
  try {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    parts.leftovers.push(() => browser.close());
    return {
      url: parts.gateway.url,
      browser,
      // Its output is what a failed start shows: warnings and up, unless E2E_LOG_LEVEL says otherwise.
      spawnGateway: () => parts.spawnGateway({ LOG_LEVEL: logLevel ?? 'warn' }),
      setMotd: async (text) => {
        const response = await fetch(`${parts.messages.http}/v1/admin/motd`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${parts.serviceToken}` },
          body: JSON.stringify({ motd: text }),
        });
        if (!response.ok) throw new Error(`setting the message of the day failed: ${response.status} ${await response.text()}`);
      },
      stop: parts.stop,
    };
  } catch (error) {
    await parts.stop();
    throw error;
  }
}
