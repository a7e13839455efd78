import { createLogger } from '@charla/platform';
import { gatewayConfigFromEnv, startGateway } from './app';

/** Composition root: environment → gateway → graceful stop on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = gatewayConfigFromEnv(process.env);
  const log = createLogger('api-gateway', config.logLevel);
  const gateway = await startGateway(config, log);
  const stop = (signal: string) => {
    log.info({ signal }, 'stopping');
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
