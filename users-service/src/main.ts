import { runUntilSignalled } from '@charla/platform';
import { startUsersService } from './app';
import { usersConfigFromEnv } from './config';

/** Composition root: settings (charla.json under the environment) → users-service, stopped gracefully on SIGINT/SIGTERM. */
runUntilSignalled('users-service', usersConfigFromEnv, startUsersService);
