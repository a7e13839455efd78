import { DEV_SERVICE_TOKEN, ConfigError, intVar, optionalVar, stringVar, type Env } from '@charla/platform';
import { filesConfigFromEnv, type GatewayFilesConfig } from './files/config';

/** Everything the gateway reads from its environment, once, at start-up. */
export interface GatewayConfig {
  /** HTTP + WebSocket port; 0 picks a free one (tests). */
  port: number;
  /** Address to bind; 0.0.0.0 in containers. */
  host: string;
  usersGrpcAddr: string;
  messagesGrpcAddr: string;
  /** Shared credential for the internal RPCs (leases, event streams). */
  serviceToken: string;
  /** Cross-gateway typing fan-out; undefined means this process alone. */
  redisUrl: string | undefined;
  /** Origins allowed to open WebSockets; empty means same-origin only. */
  allowedOrigins: string[];
  /** The built browser client served at `/`, if it exists. */
  clientDist: string;
  production: boolean;
  logLevel: string;
  /** Deadline of every unary gRPC call. */
  callDeadlineMs: number;
  /** How long a token check is trusted before asking users-service again. */
  authCacheMs: number;
  leaseTtlSeconds: number;
  leaseRenewMs: number;
  /** How long a typing indicator lives without a refresh. */
  typingTtlMs: number;
  /** Delay before reconnecting a broken WatchEvents stream. */
  watchRetryMs: number;
  /** graphql-ws: how long a socket may stay open without connection_init. */
  connectionInitWaitMs: number;
  limits: GatewayLimits;
  /** Uploads and file URLs (files/config.ts). */
  files: GatewayFilesConfig;
}

export interface GatewayLimits {
  /** HTTP request bodies larger than this get 413. */
  maxBodyBytes: number;
  /** WebSocket frames larger than this close the socket (1009). */
  maxFrameBytes: number;
  maxDepth: number;
  maxAliases: number;
  /** Estimated fields resolved by one operation, list sizes multiplied in. */
  maxCost: number;
  /** The cap on `first` and on list arguments. */
  maxPageSize: number;
  sendsPerSecond: number;
  sendBurst: number;
  /** Admission: sends at messages-service at once, and the longest one may wait here for its turn (clients/sends.ts). */
  sendsInFlight: number;
  sendQueueMs: number;
  loginsPerMinute: number;
}

export function gatewayConfigFromEnv(env: Env): GatewayConfig {
  const production = env.NODE_ENV === 'production';
  const serviceToken = stringVar(env, 'SERVICE_TOKEN', DEV_SERVICE_TOKEN);
  if (production && serviceToken === DEV_SERVICE_TOKEN) throw new ConfigError('SERVICE_TOKEN must be set in production', 'SERVICE_TOKEN');
  return Object.freeze({
    port: intVar(env, 'PORT', 4000, { min: 0, max: 65535 }),
    host: stringVar(env, 'HOST', '127.0.0.1'),
    usersGrpcAddr: stringVar(env, 'USERS_GRPC_ADDR', '127.0.0.1:50051'),
    messagesGrpcAddr: stringVar(env, 'MESSAGES_GRPC_ADDR', '127.0.0.1:50052'),
    serviceToken,
    redisUrl: optionalVar(env, 'REDIS_URL'),
    allowedOrigins: (optionalVar(env, 'ALLOWED_ORIGINS') ?? '')
      .split(',')
      .map((origin) => origin.trim().replace(/\/$/, ''))
      .filter((origin) => origin !== ''),
    clientDist: stringVar(env, 'CLIENT_DIST', `${__dirname}/../../client/dist`),
    production,
    logLevel: stringVar(env, 'LOG_LEVEL', env.NODE_ENV === 'test' ? 'silent' : 'info'),
    callDeadlineMs: intVar(env, 'CALL_DEADLINE_MS', 5_000, { min: 50 }),
    authCacheMs: intVar(env, 'AUTH_CACHE_MS', 5_000, { min: 0 }),
    leaseTtlSeconds: intVar(env, 'LEASE_TTL_SECONDS', 30, { min: 1, max: 300 }),
    leaseRenewMs: intVar(env, 'LEASE_RENEW_MS', 10_000, { min: 100 }),
    typingTtlMs: intVar(env, 'TYPING_TTL_MS', 5_000, { min: 100 }),
    watchRetryMs: intVar(env, 'WATCH_RETRY_MS', 1_000, { min: 10 }),
    connectionInitWaitMs: intVar(env, 'CONNECTION_INIT_WAIT_MS', 5_000, { min: 100 }),
    files: filesConfigFromEnv(env, serviceToken),
    limits: Object.freeze({
      maxBodyBytes: intVar(env, 'MAX_BODY_BYTES', 100 * 1024, { min: 1024 }),
      maxFrameBytes: 64 * 1024,
      maxDepth: intVar(env, 'MAX_QUERY_DEPTH', 10, { min: 2 }),
      maxAliases: intVar(env, 'MAX_QUERY_ALIASES', 20, { min: 1 }),
      // The client's first screen (20 conversations, each with members and a last message with its files) counts about 12,400.
      maxCost: intVar(env, 'MAX_QUERY_COST', 20_000, { min: 10 }),
      maxPageSize: 100,
      sendsPerSecond: intVar(env, 'SENDS_PER_SECOND', 10, { min: 1 }),
      sendBurst: intVar(env, 'SEND_BURST', 20, { min: 1 }),
      sendsInFlight: intVar(env, 'SENDS_IN_FLIGHT', 512, { min: 1, max: 100_000 }),
      sendQueueMs: intVar(env, 'SEND_QUEUE_MS', 100, { min: 0, max: 60_000 }),
      loginsPerMinute: intVar(env, 'LOGINS_PER_MINUTE', 10, { min: 1 }),
    }),
  });
}
