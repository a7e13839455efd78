import { createLogger } from '@charla/platform';
import { startUsersService } from './app';
import { usersConfigFromEnv } from './config';

/** Composition root: environment → service; SIGINT/SIGTERM stop it gracefully. */
async function main(): Promise<void> {
  const config = usersConfigFromEnv(process.env);
  const log = createLogger('users-service', config.logLevel);
  const service = await startUsersService(config, log);
  log.info({ grpcPort: service.grpcPort, httpPort: service.httpPort, store: config.databaseUrl ? 'mysql' : 'sqlite' }, 'users-service ready');
  const shutdown = (signal: string) => {
    log.info({ signal }, 'stopping');
    service.stop().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: error }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error) => {
  createLogger('users-service').fatal({ err: error }, 'users-service failed to start');
  process.exit(1);
});
