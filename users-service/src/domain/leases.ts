import { invalidArgument } from '@charla/platform';
import type { PresenceStore } from '../store/store';
import { requireService } from './callers';
import { graceCutoff, leaseExpiry, leaseTtlSeconds } from './presence';
import { newPublicId } from './tokens';
import type { Caller, User } from './types';
import { LIMITS, userId } from './validation';

export interface PresenceOptions {
  store: PresenceStore;
  defaultTtlSeconds: number;
  graceMs: number;
  now?: () => Date;
}

/** Presence leases, held by gateways for each authenticated socket. */
export class Presence {
  private readonly store: PresenceStore;
  private readonly defaultTtlSeconds: number;
  private readonly graceMs: number;
  private readonly now: () => Date;

  constructor(options: PresenceOptions) {
    this.store = options.store;
    this.defaultTtlSeconds = options.defaultTtlSeconds;
    this.graceMs = options.graceMs;
    this.now = options.now ?? (() => new Date());
  }

  async open(caller: Caller | undefined, forUser: number, holder: string, ttlSeconds: number): Promise<{ leaseId: string; expiresAt: Date; user: User }> {
    requireService(caller);
    if (holder.length > LIMITS.holderMax) throw invalidArgument('holder', `must be at most ${LIMITS.holderMax} characters`);
    const ttl = leaseTtlSeconds(ttlSeconds, this.defaultTtlSeconds);
    const now = this.now();
    const lease = { id: newPublicId(), userId: userId(forUser, 'user_id'), holder, expiresAt: leaseExpiry(now, ttl) };
    const user = await this.store.openLease(lease, now);
    return { leaseId: lease.id, expiresAt: lease.expiresAt, user };
  }

  /** Returns the leases that could not be renewed; their holders should open new ones. */
  async renew(caller: Caller | undefined, leaseIds: string[], ttlSeconds: number): Promise<string[]> {
    requireService(caller);
    if (leaseIds.length > LIMITS.renewLeasesMax) throw invalidArgument('lease_ids', `at most ${LIMITS.renewLeasesMax} ids`);
    const ttl = leaseTtlSeconds(ttlSeconds, this.defaultTtlSeconds);
    const now = this.now();
    return this.store.renewLeases(leaseIds, leaseExpiry(now, ttl), now);
  }

  async close(caller: Caller | undefined, leaseId: string): Promise<void> {
    requireService(caller);
    if (leaseId === '') throw invalidArgument('lease_id', 'is required');
    await this.store.closeLease(leaseId, this.now());
  }

  /** How many users are online now (for the operator console's status). */
  online(): Promise<number> {
    return this.store.countOnline();
  }

  /** Marks offline the users whose last lease ended more than the grace period ago. */
  sweep(): Promise<number> {
    const now = this.now();
    return this.store.sweepPresence(graceCutoff(now, this.graceMs), now);
  }
}
