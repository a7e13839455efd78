import { createLogger } from '@charla/platform';
import { messagesConfigFromEnv, startMessagesService } from './app';

async function main(): Promise<void> {
  const config = messagesConfigFromEnv(process.env);
  const log = createLogger('messages-service', config.logLevel);
  const service = await startMessagesService(config, log);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'unclean stop');
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
