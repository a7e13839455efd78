import {
  createLogger,
  encodingOnce,
  httpMetrics,
  metricsRoute,
  openEventStreams,
  openServiceStore,
  packageVersion,
  reachableHost,
  requestIds,
  startGrpcServer,
  type Logger,
  type RunningPart,
} from '@charla/platform';
import { MessagesServiceService } from '@charla/proto/messages';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Chat } from './domain/chat';
import { Motd } from './domain/motd';
import { filesPorts } from './files/ports';
import { LIST_ENCODED_ONCE, messagesService } from './grpc/handlers';
import { messagesAdminRoutes } from './rest/admin';
import { restApp } from './rest/router';
import { MIGRATIONS } from './store/migrations';
import type { MessagesSchema } from './store/schema';
import { openSendDatabase, sqlChatStore } from './store/sql-store';
import { UsersClient } from './users/directory';
import { followUserEvents } from './users/user-events';
import type { MessagesConfig } from './config';

export { messagesConfigFromEnv, type MessagesConfig } from './config';

export const SERVICE_NAME = 'charla.messages.v1.MessagesService';
/** The schema's migrations by name, oldest first: what the benchmark keys a kept database by. */
export const SCHEMA_MIGRATIONS = Object.keys(MIGRATIONS);
/** A gateway further behind than this resumes from the oldest kept event (clients catch up by seq). */
const EVENT_RETENTION_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;
const SWEEP_EVERY_MS = 15 * 60_000;
const VERSION = packageVersion(join(__dirname, '..'));

/** stop(): stops taking calls, lets running ones finish briefly, closes the store and channels. */
export interface RunningMessagesService extends RunningPart {
  grpcPort: number;
  httpPort: number;
}

/** Composition: store → event log → domain → gRPC and REST doors. */
export async function startMessagesService(config: MessagesConfig, log: Logger = createLogger('messages-service', config.logLevel)): Promise<RunningMessagesService> {
  const startedAt = new Date();
  // Every write of this store runs READ COMMITTED (sql-store.ts): its sessions start that way.
  const storage = await openServiceStore<MessagesSchema>({ ...config, name: 'messages', migrations: MIGRATIONS, log, poolSize: 20, readCommitted: true });
  const { opened, events } = storage;
  // Sends go through connections of their own that take a step's statements in one round trip (openSendDatabase).
  const sending = openSendDatabase(config.databaseUrl, config.dataDir);
  const store = sqlChatStore({ db: opened.db, dialect: opened.dialect, events, sendsPerCommit: config.sendsPerCommit, sendDb: sending?.db });
  const users = new UsersClient({ address: config.usersGrpcAddr, serviceToken: config.serviceToken, log });
  const files = filesPorts(config.files, config.dataDir, log);
  const chat = new Chat(store, users, config.serviceToken, files);
  const motd = new Motd(store, config.motd);

  const background = new AbortController();
  const grpc = await startGrpcServer({
    host: config.host,
    port: config.grpcPort,
    services: [
      {
        name: SERVICE_NAME,
        definition: encodingOnce(MessagesServiceService, LIST_ENCODED_ONCE),
        implementation: messagesService({ chat, motd, log, stopping: background.signal }),
      },
    ],
    protoFiles: ['charla/messages/v1/messages.proto'],
    log,
  });

  // Every request gets an id and is counted; then /metrics, the console's /v1/admin, the REST door.
  const web = express();
  web.disable('x-powered-by');
  web.use(requestIds, httpMetrics('rest', log), metricsRoute);
  let serving = true;
  const status = () => ({ health: serving ? ('SERVING' as const) : ('NOT_SERVING' as const), addresses, sockets: openEventStreams('messages') });
  web.use(messagesAdminRoutes({ callers: chat.callers, motd, serviceToken: config.serviceToken, version: VERSION, startedAt, status, log }));
  web.use(restApp(chat, log));
  const http: Server = await new Promise((resolve, reject) => {
    const server = web.listen(config.httpPort, config.host, () => resolve(server));
    server.once('error', reject);
  });
  const httpPort = (http.address() as AddressInfo).port;
  log.info({ port: httpPort }, 'HTTP listening');
  const host = reachableHost(config.host);
  const addresses = { grpc: `${host}:${grpc.port}`, http: `http://${host}:${httpPort}` };

  const following = followUserEvents({ users, joinGeneral: (userId) => chat.conversations.joinGeneral(userId), store, log, signal: background.signal });
  const pruner = setInterval(() => {
    store.pruneEvents(new Date(Date.now() - EVENT_RETENTION_MS)).catch((error) => log.warn({ err: error }, 'event pruning failed'));
  }, PRUNE_EVERY_MS);
  pruner.unref();
  // Uploads nobody sent within a day, and the bytes of deleted messages' files.
  const sweeper = setInterval(() => chat.files.sweepSoon(), SWEEP_EVERY_MS);
  sweeper.unref();
  chat.files.sweepSoon();

  let stopped: Promise<void> | undefined;
  return {
    grpcPort: grpc.port,
    httpPort,
    addresses,
    stop: () => (stopped ??= stop()),
  };

  async function stop(): Promise<void> {
    serving = false;
    clearInterval(pruner);
    clearInterval(sweeper);
    // Ends the registration feed and every open WatchEvents stream.
    background.abort();
    await Promise.all([
      grpc.stop(1_000),
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
    ]);
    await following;
    users.close();
    await chat.files.swept();
    files.close();
    await sending?.close();
    await storage.close();
    log.info('stopped');
  }
}
