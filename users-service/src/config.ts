import { ConfigError, intVar, optionalVar, readServiceConfig, type Env, type ServiceConfig } from '@charla/platform';
import type { HashingLimits } from './domain/hashing';

/** Everything users-service reads from the environment, once, at start-up. */
export interface UsersConfig extends ServiceConfig {
  /** scrypt cost as log2(N); 17 in production, lower only to make tests fast. */
  scryptLog2N: number;
  /** Password hashes at once, waiting, and the longest wait (each running hash holds 128 MiB at N=2^17). */
  hashing: HashingLimits;
  /** How long a token from Register/Login stays valid. */
  sessionTtlMs: number;
  /** Lease TTL when a gateway asks for 0. */
  leaseTtlSeconds: number;
  /** How long a user stays online after their last lease ends, so a reload does not flap. */
  presenceGraceMs: number;
  /** How often the sweeper looks for users whose leases all ended. */
  presenceSweepMs: number;
  /** Events, and sessions ended longer ago, are pruned; a watcher further behind starts from the oldest kept. */
  eventRetentionMs: number;
  /** Creates or promotes this admin at start-up when both are set. */
  admin: { username: string; password: string } | undefined;
}

const HOUR_MS = 3_600_000;

export function usersConfigFromEnv(env: Env): Readonly<UsersConfig> {
  const adminUsername = optionalVar(env, 'CHARLA_ADMIN_USERNAME');
  const adminPassword = optionalVar(env, 'CHARLA_ADMIN_PASSWORD');
  if ((adminUsername === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError('CHARLA_ADMIN_USERNAME and CHARLA_ADMIN_PASSWORD go together');
  }
  return Object.freeze({
    ...readServiceConfig(env, { grpcPort: 50051, httpPort: 8081 }),
    scryptLog2N: intVar(env, 'SCRYPT_LOG2_N', 17, { min: 10, max: 20 }),
    hashing: Object.freeze({
      concurrency: intVar(env, 'HASH_CONCURRENCY', 2, { min: 1, max: 64 }),
      queue: intVar(env, 'HASH_QUEUE', 32, { min: 0, max: 10_000 }),
      // Below the gateway's 5 s call deadline: a hash that would wait longer is refused, retryable.
      maxWaitMs: intVar(env, 'HASH_WAIT_MS', 3_000, { min: 0, max: 60_000 }),
    }),
    sessionTtlMs: intVar(env, 'SESSION_TTL_HOURS', 24 * 7, { min: 1, max: 24 * 365 }) * HOUR_MS,
    leaseTtlSeconds: intVar(env, 'LEASE_TTL_SECONDS', 30, { min: 1, max: 300 }),
    presenceGraceMs: intVar(env, 'PRESENCE_GRACE_MS', 5_000, { min: 0, max: 600_000 }),
    presenceSweepMs: intVar(env, 'PRESENCE_SWEEP_MS', 1_000, { min: 10, max: 60_000 }),
    eventRetentionMs: intVar(env, 'EVENT_RETENTION_HOURS', 24 * 7, { min: 1, max: 24 * 365 }) * HOUR_MS,
    admin: adminUsername && adminPassword ? { username: adminUsername, password: adminPassword } : undefined,
  });
}
