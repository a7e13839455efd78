import { ErrorCode, ExpiringCache, isChatError, unauthenticated } from '@charla/platform';
import type { UsersClient } from '../clients/users';
import type { Viewer } from './viewer';

const MAX_CACHED = 10_000;

/**
 * Resolves tokens to viewers through users-service, trusting an answer for a few seconds so
 * a busy socket or page does not ask on every request. A revoked session is dropped at once.
 */
export class TokenCheck {
  private readonly cache = new ExpiringCache<string, Viewer>(MAX_CACHED);

  constructor(
    private readonly users: Pick<UsersClient, 'authenticate'>,
    private readonly cacheMs: number,
  ) {}

  /** The viewer of a token; UNAUTHENTICATED for a bad, expired or revoked one. */
  async authenticate(token: string): Promise<Viewer> {
    const now = Date.now();
    const hit = this.cache.get(token, now);
    if (hit) return hit;
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
    if (this.cacheMs > 0) this.cache.set(token, viewer, Math.min(now + this.cacheMs, expiresAt));
    return viewer;
  }

  /** Forgets a token at once (its own logout). */
  forget(token: string): void {
    this.cache.delete(token);
  }

  /** Forgets every cached token of these sessions (SESSION_REVOKED from users-service). */
  revokeSessions(sessionIds: ReadonlySet<string>): void {
    this.cache.deleteWhere((viewer) => sessionIds.has(viewer.sessionId));
  }

  /** Drops cached copies of a user whose profile or role changed. */
  forgetUser(userId: number): void {
    this.cache.deleteWhere((viewer) => viewer.user.id === userId);
  }
}
