import { runUntilSignalled } from '@charla/platform';
import { messagesConfigFromEnv, startMessagesService } from './app';

/** Composition root: environment → messages-service, stopped gracefully on SIGINT/SIGTERM. */
runUntilSignalled('messages-service', () => messagesConfigFromEnv(process.env), startMessagesService);
