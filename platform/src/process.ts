import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Env } from './config';
import { createLogger, type Logger } from './logger';
import { readSettings, type CharlaPart } from './settings';

/** Where a running part answers. */
export interface PartAddresses {
  /** http://host:port: REST (services) or GraphQL and the client (gateway); /metrics and /v1/admin on every part. */
  http: string;
  /** host:port of a service's gRPC door. */
  grpc?: string;
}

export interface RunningPart {
  addresses: PartAddresses;
  stop(): Promise<void>;
}

/** The address to call a server bound to `host` on, from this machine (0.0.0.0 listens on loopback too). */
export function reachableHost(host: string): string {
  return host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
}

/** The `version` of the package.json in `packageDir` (a part's folder, found from its src/ or dist/). */
export function packageVersion(packageDir: string): string {
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version?: string };
  return version ?? '0.0.0';
}

/**
 * What a part started by `npm start` tells the console: `<CHARLA_RUN_DIR>/<part>.json` with its
 * pid and addresses (the ports come from the settings, and may be 0). Readable by its user alone.
 */
function announce(runDir: string | undefined, name: string, part: RunningPart): () => void {
  if (!runDir) return () => undefined;
  const path = join(runDir, `${name}.json`);
  mkdirSync(runDir, { recursive: true });
  const entry = { part: name, pid: process.pid, startedAt: new Date().toISOString(), ...part.addresses };
  writeFileSync(path, JSON.stringify(entry, null, 2) + '\n', { mode: 0o600 });
  return () => rmSync(path, { force: true });
}

/**
 * The life of one Charla process: read its settings (charla.json under the environment), start
 * the part, and on SIGINT/SIGTERM (or when the supervisor that started it is gone) stop it
 * gracefully (once). A bad setting or a failed start or
 * stop exits 1 with a log line: a setting's message names it, with no stack trace.
 */
export function runUntilSignalled<Config extends { logLevel: string }>(
  name: CharlaPart,
  readConfig: (env: Env) => Config,
  start: (config: Config, log: Logger) => Promise<RunningPart>,
): void {
  let log = createLogger(name);
  const fail = (message: string) => (error: unknown) => {
    if (error instanceof ConfigError) log.fatal({ setting: error.setting }, `${name} cannot start: ${error.message}`);
    else log.fatal({ err: error }, message);
    process.exit(1);
  };
  (async () => {
    const config = readSettings(name, readConfig, process.env);
    log = createLogger(name, config.logLevel);
    const part = await start(config, log);
    const withdraw = announce(process.env.CHARLA_RUN_DIR, name, part);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping');
      withdraw();
      // Stopping waits on unref'd timers (drain graces, flushes): without a ref'd one, Node would
      // exit half-way once nothing else is left, skipping the rest (leases, receipts, the store).
      const awake = setInterval(() => undefined, 1_000);
      part.stop().then(() => process.exit(0), fail('unclean stop')).finally(() => clearInterval(awake));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    // Started by the supervisor (npm start): its channel closes when it dies, however it dies.
    if (process.connected) process.once('disconnect', () => stop('supervisor gone'));
  })().catch(fail(`${name} failed to start`));
}
