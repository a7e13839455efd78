import { invalidArgument } from '@charla/platform';
import { LIMITS } from './validation';
import type { ChosenStatus, UserStatus } from './types';

/**
 * Presence rules. A user is online (showing their chosen status) while any lease of theirs
 * lives, on any gateway; once the newest one has ended, they stay so for a grace period so
 * that a page reload does not flap, and then they are offline.
 */

/** The TTL a lease gets: the gateway's ask, or the service default for 0. */
export function leaseTtlSeconds(requested: number, fallback: number): number {
  if (requested === 0) return fallback;
  if (!Number.isInteger(requested) || requested < 1 || requested > LIMITS.leaseTtlMax) {
    throw invalidArgument('ttl_seconds', `must be 1–${LIMITS.leaseTtlMax} (0 means the default)`);
  }
  return requested;
}

export function leaseExpiry(now: Date, ttlSeconds: number): Date {
  return new Date(now.getTime() + ttlSeconds * 1000);
}

/** Leases that ended after this instant still keep their user online. */
export function graceCutoff(now: Date, graceMs: number): Date {
  return new Date(now.getTime() - graceMs);
}

/** Whether a user whose leases end at these instants still counts as present. */
export function isPresent(leaseEnds: Date[], now: Date, graceMs: number): boolean {
  const cutoff = graceCutoff(now, graceMs).getTime();
  return leaseEnds.some((end) => end.getTime() > cutoff);
}

export function effectiveStatus(chosen: ChosenStatus, present: boolean): UserStatus {
  return present ? chosen : 'offline';
}

export function isChosenStatus(status: UserStatus): status is ChosenStatus {
  return status !== 'offline';
}
