// What the numbers depend on: the machine, the versions, the database's durability, the load.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { TEST_MYSQL_SERVER } from '@charla/platform/testing';
import { ROOT } from './processes';

/** The packages on the hot path, whose versions go with the numbers. */
const PACKAGES = ['graphql', 'graphql-ws', 'ws', '@apollo/server', '@grpc/grpc-js', 'mysql2', 'kysely', 'express', 'tsx'];

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  database: string;
  durability: Record<string, string>;
  packages: Record<string, string>;
  commit: string;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

export function gitCommit(): string {
  const head = run('git', ['rev-parse', '--short', 'HEAD']) || 'unknown';
  return run('git', ['status', '--porcelain', '--untracked-files=no', '--', '.']) === '' ? head : `${head} + uncommitted changes`;
}

const version = (name: string) => {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
};

export async function describeMachine(): Promise<Machine> {
  const lscpu = run('lscpu', []);
  const model = /^Model name:\s+(.+)$/m.exec(lscpu)?.[1] ?? cpus()[0]?.model ?? '?';
  const connection = await createConnection(TEST_MYSQL_SERVER);
  try {
    const [[{ version: database }]] = (await connection.query('SELECT VERSION() AS version')) as unknown as [{ version: string }[]];
    const [variables] = (await connection.query(
      "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('innodb_flush_log_at_trx_commit', 'sync_binlog', 'log_bin', 'innodb_flush_method', 'innodb_buffer_pool_size')",
    )) as unknown as [{ Variable_name: string; Value: string }[]];
    return {
      cpu: `${model}${/Hypervisor vendor:\s+(\S+)/.exec(lscpu) ? ` (${/Hypervisor vendor:\s+(\S+)/.exec(lscpu)![1]} guest)` : ''}`,
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      database,
      durability: Object.fromEntries(variables.map((row) => [row.Variable_name, row.Value])),
      packages: Object.fromEntries(PACKAGES.map((name) => [name, version(name)])),
      commit: gitCommit(),
    };
  } finally {
    await connection.end();
  }
}

export const load = (): number => loadavg()[0];

export function machineLines(machine: Machine): string[] {
  const d = machine.durability;
  return [
    `machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGiB} GiB RAM; node ${machine.node}; MariaDB ${machine.database}`,
    `durability: innodb_flush_log_at_trx_commit=${d.innodb_flush_log_at_trx_commit} (flush at every commit), sync_binlog=${d.sync_binlog}, log_bin=${d.log_bin}, innodb_flush_method=${d.innodb_flush_method}; SQLite not used`,
    `packages: ${Object.entries(machine.packages).map(([name, v]) => `${name} ${v}`).join(', ')}`,
    `commit: ${machine.commit}`,
  ];
}
