import { createLogger, type Logger } from './logger';

export interface StoppablePart {
  stop(): Promise<void>;
}

/**
 * The life of one Charla process: read the config, start the part, and on SIGINT/SIGTERM
 * stop it gracefully (once). A config error or a failed start or stop exits 1 with a log line,
 * never a stack trace on the console.
 */
export function runUntilSignalled<Config extends { logLevel: string }>(
  name: string,
  readConfig: () => Config,
  start: (config: Config, log: Logger) => Promise<StoppablePart>,
): void {
  let log = createLogger(name);
  const fail = (message: string) => (error: unknown) => {
    log.fatal({ err: error }, message);
    process.exit(1);
  };
  (async () => {
    const config = readConfig();
    log = createLogger(name, config.logLevel);
    const part = await start(config, log);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping');
      part.stop().then(() => process.exit(0), fail('unclean stop'));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  })().catch(fail(`${name} failed to start`));
}
