// What the servers of a run use: CPU and memory from /proc, by pid (the servers are started by
// @charla/stack's startProcess, one node process each, so /proc/<pid> is the server itself).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** Clock ticks per second of /proc/<pid>/stat; 100 on every Linux the benches run on. */
const CLOCK_TICKS = 100;

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
