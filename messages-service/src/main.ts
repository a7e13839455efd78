import { runUntilSignalled } from '@charla/platform';
import { messagesConfigFromEnv, startMessagesService } from './app';

/** Composition root: settings (charla.json under the environment) → messages-service, stopped gracefully on SIGINT/SIGTERM. */
runUntilSignalled('messages-service', messagesConfigFromEnv, startMessagesService);
