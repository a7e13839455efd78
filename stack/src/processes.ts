// Parts as their own node processes, as `npm start` runs them (TypeScript through tsx, or the
// built JavaScript as in production), but one process each (`node --import tsx`, not the tsx
// CLI, which adds a wrapper process): SIGKILL reaches the server itself, and /proc/<pid> is the server's.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { Env } from '@charla/platform';
import { waitFor } from '@charla/platform/testing';
import type { Leftover } from './leftovers';

export type Part = 'users-service' | 'messages-service' | 'api-gateway';

export interface ProcessOptions {
  name: string;
  cwd: string;
  /** The file to run, relative to cwd: TypeScript (through tsx), or JavaScript when `built`. */
  entry: string;
  /** The entry is built JavaScript: run by plain node with --conditions=charla-dist, as production runs it. */
  built?: boolean;
  /** Over this process's environment. */
  env: Env;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Ready when this answers true (a throw counts as not yet). */
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
}

export interface ServerProcess {
  name: string;
  /** The running process's id; a restart changes it. */
  readonly pid: number;
  /** The last lines it printed, for error messages. */
  output(): string;
  /** Starts it again (after kill or stop) with the same environment; resolves once ready. */
  start(): Promise<void>;
  /** SIGKILL: no goodbye to any socket, as when the machine dies. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the exit (the graceful stop also writes --cpu-prof profiles). */
  stop(): Promise<void>;
}

const KEPT_LINES = 40;
const STOP_GRACE_MS = 15_000;

/** Spawns the process and waits until it is ready; its stop is in `leftovers` from the spawn on. */
export async function startProcess(options: ProcessOptions, leftovers: Leftover[]): Promise<ServerProcess> {
  const lines: string[] = [];
  let child: ChildProcess | undefined;
  const running = () => (child?.pid !== undefined && child.exitCode === null && child.signalCode === null ? child : undefined);
  const end = async (signal: NodeJS.Signals) => {
    const current = running();
    if (!current) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill(signal);
    const forced = setTimeout(() => current.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(forced);
  };
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter((line) => line !== ''));
    lines.splice(0, Math.max(0, lines.length - KEPT_LINES));
  };
  const part: ServerProcess = {
    name: options.name,
    get pid() {
      if (child?.pid === undefined) throw new Error(`${options.name} is not running`);
      return child.pid;
    },
    output: () => lines.join('\n'),
    start: async () => {
      await end('SIGKILL');
      const loader = options.built ? ['--conditions=charla-dist'] : ['--import', 'tsx'];
      const started = spawn(process.execPath, [...(options.nodeArgs ?? []), ...loader, options.entry], {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      started.stdout?.on('data', keep);
      started.stderr?.on('data', keep);
      // A spawn that fails (no such file) leaves no pid: it is reported below with the output.
      started.on('error', (error) => keep(Buffer.from(`${error.message}\n`)));
      // Ready, or gone: a process that exits is not waited for until the timeout.
      await waitFor(`${options.name} to be ready`, async () => !running() || (await options.ready()), options.readyTimeoutMs ?? 60_000, part.output);
      if (!running()) throw new Error(`${options.name} exited:\n${part.output()}`);
    },
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
  leftovers.push(part.stop);
  await part.start();
  return part;
}

/** Where a part's package lives, found through its entry point (its main.ts sits beside its app); `built`: its dist/main.js. */
export function partEntry(part: Part, built = false): { cwd: string; entry: string; built: boolean } {
  const app = require.resolve(`@charla/${part}`);
  return { cwd: dirname(dirname(app)), entry: built ? join('dist', 'main.js') : join('src', 'main.ts'), built };
}
