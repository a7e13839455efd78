import { ErrorCode, TrustedAnswers, TurnBatch, isChatError, unauthenticated } from '@charla/platform';
import type { AuthenticateResponse } from '@charla/proto/users';
import type { UsersClient } from '../clients/users';
import type { Viewer } from './viewer';

const MAX_CACHED = 10_000;
/** users-service's BatchAuthenticate limit. */
const LOOKUP_MOST = 500;

const isBadToken = (error: unknown) => isChatError(error) && error.code === ErrorCode.Unauthenticated;

/**
 * Resolves tokens to viewers through users-service, trusting an answer for a few seconds so
 * a busy socket or page does not ask on every request, and asking again before it lapses while
 * the token is in use (TrustedAnswers). A revoked session is dropped at once. Checks of a token
 * already being asked about wait for that answer: a user's tabs and devices reconnecting
 * together (or a gateway's sockets after a restart) ask users-service once each, and the tokens
 * first seen in one turn of the loop (many users' requests at once) are looked up in one call.
 */
export class TokenCheck {
  private readonly answers: TrustedAnswers<string, Viewer>;
  private readonly lookups: TurnBatch<string, AuthenticateResponse>;

  constructor(
    users: Pick<UsersClient, 'batchAuthenticate'>,
    private readonly cacheMs: number,
  ) {
    this.answers = new TrustedAnswers(MAX_CACHED, (token) => this.ask(token), isBadToken);
    this.lookups = new TurnBatch(async (tokens) => (await users.batchAuthenticate({ tokens }, 'service')).results, LOOKUP_MOST);
  }

  /** The viewer of a token; UNAUTHENTICATED for a bad, expired or revoked one. */
  authenticate(token: string): Promise<Viewer> {
    return this.answers.get(token);
  }

  private async ask(token: string): Promise<{ value: Viewer; until: number }> {
    const now = Date.now();
    const response = await this.lookups.load(token);
    if (!response.user) throw unauthenticated('the token is invalid or has expired', 'BAD_TOKEN');
    const expiresAt = response.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
    return { value: { user: response.user, token, sessionId: response.sessionId }, until: this.cacheMs > 0 ? Math.min(now + this.cacheMs, expiresAt) : now };
  }

  /** Forgets a token at once (its own logout). */
  forget(token: string): void {
    this.answers.delete(token);
  }

  /** Forgets every cached token of these sessions (SESSION_REVOKED from users-service). */
  revokeSessions(sessionIds: ReadonlySet<string>): void {
    this.answers.deleteWhere((viewer) => sessionIds.has(viewer.sessionId));
  }

  /** Drops cached copies of a user whose profile or role changed. */
  forgetUser(userId: number): void {
    this.answers.deleteWhere((viewer) => viewer.user.id === userId);
  }
}
