// Server processes for the benches: started as `npm start` starts them (TypeScript through tsx),
// but as one node process each (`node --import tsx`, not the tsx CLI, which would add a wrapper
// process), so /proc/<pid> is the server itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux the benches run on. */
const CLOCK_TICKS = 100;

export interface ServerProcess {
  name: string;
  pid: number;
  /** The last lines it printed, for error messages. */
  output(): string;
  /** SIGTERM, then waits for the exit (the graceful stop also writes --cpu-prof profiles). */
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  cwd: string;
  entry: string;
  env: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

export function startProcess({ name, cwd, entry, env, nodeArgs = [] }: StartOptions): ServerProcess {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter((line) => line !== ''));
    lines.splice(0, Math.max(0, lines.length - 40));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  return {
    name,
    pid: child.pid,
    output: () => lines.join('\n'),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killed);
    },
  };
}

export { freePort, waitFor } from '@charla/platform/testing';

export interface ProcessUsage {
  /** user + system CPU seconds since the process started. */
  cpuSeconds: number;
  rssMiB: number;
  /** Peak RSS. */
  hwmMiB: number;
}

/** CPU time from /proc/<pid>/stat, memory from /proc/<pid>/status. */
export function processUsage(pid: number): ProcessUsage {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may hold spaces and is wrapped in parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { cpuSeconds, rssMiB: kib('VmRSS') / 1024, hwmMiB: kib('VmHWM') / 1024 };
}

/** The database server's pid, to show its share of the CPU (it serves both systems). */
export function databasePid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm === 'mariadbd' || comm === 'mysqld') return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}
