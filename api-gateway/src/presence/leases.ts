import type { Logger } from '@charla/platform';
import type { UsersClient } from '../clients/users';

const RENEW_BATCH = 10_000;

interface Held {
  userId: number;
  /** Undefined while the lease is being (re)opened or users-service could not be reached. */
  leaseId: string | undefined;
}

export interface LeaseOptions {
  users: Pick<UsersClient, 'openLease' | 'renewLeases' | 'closeLease'>;
  /** This gateway process, so users-service can tell whose leases are whose. */
  holder: string;
  ttlSeconds: number;
  renewMs: number;
  log: Logger;
}

/**
 * The presence leases of this gateway's authenticated sockets. Each socket holds one lease in
 * users-service; one timer renews them all in one call, and reopens any that users-service
 * says expired (a pause, a service restart). If this process dies, its leases simply expire.
 */
export class PresenceLeases {
  private readonly held = new Set<Held>();
  private readonly timer: NodeJS.Timeout;
  private renewing = false;

  constructor(private readonly options: LeaseOptions) {
    // One renewal at a time: a slow users-service must not pile renewals up.
    this.timer = setInterval(() => {
      if (this.renewing) return;
      this.renewing = true;
      void this.renew().finally(() => (this.renewing = false));
    }, options.renewMs);
    this.timer.unref();
  }

  /** Opens a lease for a socket of this user; the returned function closes it. */
  hold(userId: number): () => void {
    const held: Held = { userId, leaseId: undefined };
    this.held.add(held);
    const opened = this.open(held);
    return () => {
      if (!this.held.delete(held)) return;
      void opened.then(() => this.close(held));
    };
  }

  /** How many users hold a lease here: those with a socket on this gateway. */
  usersHeld(): number {
    return new Set([...this.held].map((held) => held.userId)).size;
  }

  /** Closes every lease (graceful stop): the users go offline after the grace period. */
  async releaseAll(): Promise<void> {
    clearInterval(this.timer);
    const all = [...this.held];
    this.held.clear();
    await Promise.all(all.map((held) => this.close(held)));
  }

  private async open(held: Held): Promise<void> {
    const { users, holder, ttlSeconds, log } = this.options;
    try {
      const { leaseId } = await users.openLease({ userId: held.userId, holder, ttlSeconds }, 'service');
      held.leaseId = leaseId;
      // The socket may have closed while the lease was being opened.
      if (!this.held.has(held)) await this.close(held);
    } catch (error) {
      log.warn({ err: error, userId: held.userId }, 'could not open a presence lease; retrying on the next renewal');
    }
  }

  private async close(held: Held): Promise<void> {
    const leaseId = held.leaseId;
    if (!leaseId) return;
    held.leaseId = undefined;
    try {
      await this.options.users.closeLease({ leaseId }, 'service');
    } catch (error) {
      this.options.log.warn({ err: error, leaseId }, 'could not close a presence lease; it will expire');
    }
  }

  private async renew(): Promise<void> {
    const { users, ttlSeconds, log } = this.options;
    const live = [...this.held].filter((held) => held.leaseId !== undefined);
    for (const held of this.held) if (held.leaseId === undefined) void this.open(held);
    // RenewLeases takes at most RENEW_BATCH ids per call.
    for (let start = 0; start < live.length; start += RENEW_BATCH) {
      const batch = live.slice(start, start + RENEW_BATCH);
      try {
        const { expiredLeaseIds } = await users.renewLeases({ leaseIds: batch.map((held) => held.leaseId as string), ttlSeconds }, 'service');
        const expired = new Set(expiredLeaseIds);
        for (const held of batch) {
          if (held.leaseId !== undefined && expired.has(held.leaseId) && this.held.has(held)) {
            held.leaseId = undefined;
            void this.open(held);
          }
        }
      } catch (error) {
        log.warn({ err: error }, 'could not renew presence leases');
      }
    }
  }
}
