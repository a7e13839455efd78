import { resolve } from 'node:path';

/**
 * Reads the environment once, at start-up, into a typed frozen object. Domain code never
 * reads process.env: it receives what it needs from the composition root.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override name = 'ConfigError';

  /** @param setting the variable at fault, when there is one */
  constructor(
    message: string,
    readonly setting?: string,
  ) {
    super(message);
  }
}

export function stringVar(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

export function optionalVar(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

export function intVar(env: Env, name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`, name);
  }
  return value;
}

/** The settings every Charla service shares, with the names docs/contracts.md fixes. */
export interface ServiceConfig {
  grpcPort: number;
  httpPort: number;
  /** mysql://… for MySQL/MariaDB; undefined means SQLite under dataDir. */
  databaseUrl: string | undefined;
  /** Where the SQLite files (and other local data) live: one folder to back up. */
  dataDir: string;
  redisUrl: string | undefined;
  /** Shared credential for internal calls between services and gateways. */
  serviceToken: string;
  logLevel: string;
  /** Host to bind; 0.0.0.0 in containers. */
  host: string;
}

/** The development default; a service refuses it when NODE_ENV=production. */
export const DEV_SERVICE_TOKEN = 'charla-dev-service-token';

export function readServiceConfig(env: Env, defaults: { grpcPort: number; httpPort: number }): ServiceConfig {
  const serviceToken = stringVar(env, 'SERVICE_TOKEN', DEV_SERVICE_TOKEN);
  if (env.NODE_ENV === 'production' && serviceToken === DEV_SERVICE_TOKEN) {
    throw new ConfigError('SERVICE_TOKEN must be set in production', 'SERVICE_TOKEN');
  }
  return {
    grpcPort: intVar(env, 'GRPC_PORT', defaults.grpcPort, { min: 0, max: 65535 }),
    httpPort: intVar(env, 'HTTP_PORT', defaults.httpPort, { min: 0, max: 65535 }),
    databaseUrl: optionalVar(env, 'DATABASE_URL'),
    // `data/` where the command was run (npm keeps that in INIT_CWD), not in each part's folder.
    dataDir: resolve(env.INIT_CWD ?? process.cwd(), stringVar(env, 'DATA_DIR', 'data')),
    redisUrl: optionalVar(env, 'REDIS_URL'),
    serviceToken,
    logLevel: stringVar(env, 'LOG_LEVEL', env.NODE_ENV === 'test' ? 'silent' : 'info'),
    host: stringVar(env, 'HOST', '127.0.0.1'),
  };
}
