/**
 * Close code for a socket whose session was revoked (logout, password change): the same as a
 * bad token (graphql-ws's Forbidden, the support socket's refusal), so clients treat both as
 * "sign in again".
 */
export const SESSION_ENDED = 4403;

/** What a socket does when its session ends. */
export type CloseSocket = (code: number, reason: string) => void;

/** The open sockets of each session, so a logout or password change can close them. */
export class SessionSockets {
  private readonly bySession = new Map<string, Set<CloseSocket>>();

  add(sessionId: string, close: CloseSocket): () => void {
    let sockets = this.bySession.get(sessionId);
    if (!sockets) this.bySession.set(sessionId, (sockets = new Set()));
    sockets.add(close);
    return () => {
      sockets.delete(close);
      if (sockets.size === 0 && this.bySession.get(sessionId) === sockets) this.bySession.delete(sessionId);
    };
  }

  closeSessions(sessionIds: Iterable<string>, code: number, reason: string): void {
    for (const sessionId of sessionIds) {
      const sockets = this.bySession.get(sessionId);
      this.bySession.delete(sessionId);
      for (const close of sockets ?? []) close(code, reason);
    }
  }

  closeAll(code: number, reason: string): void {
    this.closeSessions([...this.bySession.keys()], code, reason);
  }
}
