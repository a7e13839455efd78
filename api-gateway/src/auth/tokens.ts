import { ErrorCode, ExpiringCache, isChatError, unauthenticated } from '@charla/platform';
import type { UsersClient } from '../clients/users';
import type { Viewer } from './viewer';

const MAX_CACHED = 10_000;

/**
 * Resolves tokens to viewers through users-service, trusting an answer for a few seconds so
 * a busy socket or page does not ask on every request. A revoked session is dropped at once.
 * Checks of a token already being asked about wait for that answer: a user's tabs and devices
 * reconnecting together (or a gateway's sockets after a restart) ask users-service once each.
 */
export class TokenCheck {
  private readonly cache = new ExpiringCache<string, Viewer>(MAX_CACHED);
  private readonly asking = new Map<string, Promise<Viewer>>();
  /** Moves on at every forgetting: an answer asked for before it is not cached (it may be the forgotten one). */
  private epoch = 0;

  constructor(
    private readonly users: Pick<UsersClient, 'authenticate'>,
    private readonly cacheMs: number,
  ) {}

  /** The viewer of a token; UNAUTHENTICATED for a bad, expired or revoked one. */
  async authenticate(token: string): Promise<Viewer> {
    const hit = this.cache.get(token);
    if (hit) return hit;
    let asked = this.asking.get(token);
    if (!asked) {
      this.asking.set(token, (asked = this.ask(token)));
      const settled = () => this.asking.get(token) === asked && this.asking.delete(token);
      void asked.then(settled, settled);
    }
    return asked;
  }

  private async ask(token: string): Promise<Viewer> {
    const epoch = this.epoch;
    const now = Date.now();
    let response;
    try {
      response = await this.users.authenticate({ token }, 'anonymous');
    } catch (error) {
      if (isChatError(error) && error.code === ErrorCode.Unauthenticated) throw unauthenticated('the token is invalid or has expired', 'BAD_TOKEN');
      throw error;
    }
    if (!response.user) throw unauthenticated('the token is invalid or has expired', 'BAD_TOKEN');
    const viewer: Viewer = { user: response.user, token, sessionId: response.sessionId };
    const expiresAt = response.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
    if (this.cacheMs > 0 && epoch === this.epoch) this.cache.set(token, viewer, Math.min(now + this.cacheMs, expiresAt));
    return viewer;
  }

  /** Forgets a token at once (its own logout). */
  forget(token: string): void {
    this.cache.delete(token);
    this.forgetAsking();
  }

  /** Forgets every cached token of these sessions (SESSION_REVOKED from users-service). */
  revokeSessions(sessionIds: ReadonlySet<string>): void {
    this.cache.deleteWhere((viewer) => sessionIds.has(viewer.sessionId));
    this.forgetAsking();
  }

  /** Drops cached copies of a user whose profile or role changed. */
  forgetUser(userId: number): void {
    this.cache.deleteWhere((viewer) => viewer.user.id === userId);
    this.forgetAsking();
  }

  /** Checks from now on ask again instead of waiting for an answer that may be stale. */
  private forgetAsking(): void {
    this.epoch++;
    this.asking.clear();
  }
}
