import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import {
  EventLog,
  createLogger,
  httpMetrics,
  metricsRoute,
  openEventStreams,
  openServiceStore,
  packageVersion,
  reachableHost,
  requestIds,
  startGrpcServer,
  type Logger,
  type OpenedDatabase,
  type RunningPart,
} from '@charla/platform';
import { UsersServiceService } from '@charla/proto/users';
import type { UsersConfig } from './config';
import { Accounts } from './domain/accounts';
import { Callers } from './domain/callers';
import { Feed } from './domain/feed';
import { Presence } from './domain/leases';
import { scryptParams } from './domain/password';
import { Profiles } from './domain/profiles';
import { usersGrpcService } from './grpc/handlers';
import { usersAdminRoutes } from './rest/admin';
import { usersRestApp } from './rest/routes';
import { USERS_MIGRATIONS } from './store/migrations';
import type { UsersDatabase } from './store/schema';
import { sqlUsersStore } from './store/sql-store';
import type { UsersStore } from './store/store';

export { usersConfigFromEnv, type UsersConfig } from './config';

export const USERS_SERVICE_NAME = 'charla.users.v1.UsersService';
const PRUNE_MS = 60 * 60 * 1000;
const VERSION = packageVersion(join(__dirname, '..'));

export interface RunningUsersService extends RunningPart {
  grpcPort: number;
  httpPort: number;
}

export interface UsersStorage {
  opened: OpenedDatabase<UsersDatabase>;
  store: UsersStore;
  events: EventLog;
  close(): Promise<void>;
}

/** Opens (creating a MySQL database if needed) and migrates the store; shared by the service and the CLI. */
export async function openUsersStorage(config: UsersConfig, log: Logger): Promise<UsersStorage> {
  const storage = await openServiceStore<UsersDatabase>({ ...config, name: 'users', migrations: USERS_MIGRATIONS, log });
  return { ...storage, store: sqlUsersStore(storage.opened.db, storage.opened.dialect, storage.events) };
}

/** Starts the users service: store, use cases, gRPC and REST doors, presence sweeper. */
export async function startUsersService(config: UsersConfig, log: Logger = createLogger('users-service', config.logLevel)): Promise<RunningUsersService> {
  const startedAt = new Date();
  const storage = await openUsersStorage(config, log);
  const { store } = storage;
  const accounts = new Accounts({ store, scrypt: scryptParams(config.scryptLog2N), hashing: config.hashing, sessionTtlMs: config.sessionTtlMs });
  const doors = { callers: new Callers(accounts, config.serviceToken), accounts, profiles: new Profiles({ store }) };
  const presence = new Presence({ store, defaultTtlSeconds: config.leaseTtlSeconds, graceMs: config.presenceGraceMs });
  const stopping = new AbortController();

  try {
    if (config.admin) {
      const admin = await accounts.ensureAdmin(config.admin.username, config.admin.password);
      log.info({ userId: admin.id, username: admin.username }, 'admin ensured from CHARLA_ADMIN_USERNAME');
    }
  } catch (error) {
    await storage.close();
    throw error;
  }

  const grpc = await startGrpcServer({
    host: config.host,
    port: config.grpcPort,
    services: [
      { name: USERS_SERVICE_NAME, definition: UsersServiceService, implementation: usersGrpcService({ ...doors, presence, feed: new Feed(store), log, stopping: stopping.signal }) },
    ],
    protoFiles: ['charla/users/v1/users.proto'],
    log,
  });

  // Every request gets an id and is counted; then /metrics, the console's /v1/admin, the REST door.
  const web = express();
  web.disable('x-powered-by');
  web.use(requestIds, httpMetrics('rest', log), metricsRoute);
  let serving = true;
  const admin = { ...doors, presence, serviceToken: config.serviceToken, version: VERSION, startedAt, log };
  const status = () => ({ health: serving ? ('SERVING' as const) : ('NOT_SERVING' as const), addresses, sockets: openEventStreams('users') });
  web.use(usersAdminRoutes({ ...admin, status }));
  web.use(usersRestApp(doors, log));
  const http: Server = createServer(web);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.httpPort, config.host, () => resolve());
  });
  const httpPort = (http.address() as AddressInfo).port;
  log.info({ port: httpPort }, 'HTTP listening');
  const host = reachableHost(config.host);
  const addresses = { grpc: `${host}:${grpc.port}`, http: `http://${host}:${httpPort}` };

  // One sweep at a time; a slow database must not pile sweeps up.
  let sweeping = false;
  const sweeper = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    presence
      .sweep()
      .catch((error) => log.warn({ err: error }, 'presence sweep failed'))
      .finally(() => (sweeping = false));
  }, config.presenceSweepMs);
  const pruner = setInterval(() => {
    const cutoff = new Date(Date.now() - config.eventRetentionMs);
    Promise.all([storage.store.pruneEvents(cutoff), storage.store.pruneSessions(cutoff)]).catch((error) =>
      log.warn({ err: error }, 'pruning failed'),
    );
  }, PRUNE_MS);
  pruner.unref();

  let stopped: Promise<void> | undefined;
  return {
    grpcPort: grpc.port,
    httpPort,
    addresses,
    stop: () =>
      (stopped ??= (async () => {
        serving = false;
        clearInterval(sweeper);
        clearInterval(pruner);
        stopping.abort();
        await Promise.all([
          grpc.stop(2_000),
          new Promise<void>((resolve) => {
            http.close(() => resolve());
            http.closeAllConnections();
          }),
        ]);
        while (sweeping) await new Promise((r) => setTimeout(r, 10));
        await storage.close();
        log.info('stopped');
      })()),
  };
}
