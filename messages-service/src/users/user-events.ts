import type { Logger } from '@charla/platform';
import { UserEventType } from '@charla/proto/users';
import type { ServiceError } from '@grpc/grpc-js';
import type { ChatEventStore } from '../store/store';
import type { UsersClient } from './directory';

const CURSOR = 'users.events';

export interface FollowUserEventsOptions {
  users: Pick<UsersClient, 'watchUserEvents' | 'forget'>;
  /** Puts a newly registered user in `general`. */
  joinGeneral(userId: number): Promise<void>;
  store: Pick<ChatEventStore, 'readCursor' | 'writeCursor'>;
  log: Logger;
  signal: AbortSignal;
}

/** The stream itself broke (users-service restarting, a network blip): expected, and retried quietly. */
function isStreamBreak(error: unknown): boolean {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number' && 'metadata' in error;
}

/**
 * Follows users-service's events: puts every newly registered user in `general`, and drops
 * cached token checks that a logout or role change ended. Resumes from a cursor kept in this
 * service's database; at-least-once, and joining is idempotent, so a replay after a crash
 * does no harm. Retries with backoff while users-service is away, and also after any other
 * failure (this service's store, say), which is logged as a warning; stops when the signal aborts.
 */
export async function followUserEvents(options: FollowUserEventsOptions): Promise<void> {
  const { users, joinGeneral, store, log, signal } = options;
  let backoffMs = 500;
  while (!signal.aborted) {
    try {
      const after = await store.readCursor(CURSOR);
      await users.watchUserEvents(after, signal, async (event) => {
        if (event.type === UserEventType.USER_EVENT_TYPE_REGISTERED && event.user) await joinGeneral(event.user.id);
        // A cached token check must not outlive a logout or a role change.
        if (event.type === UserEventType.USER_EVENT_TYPE_SESSION_REVOKED) users.forget({ sessionIds: event.sessionIds });
        if (event.type === UserEventType.USER_EVENT_TYPE_ROLE_CHANGED && event.user) users.forget({ userId: event.user.id });
        await store.writeCursor(CURSOR, event.id);
        backoffMs = 500;
      });
    } catch (error) {
      if (signal.aborted) return;
      if (isStreamBreak(error)) log.debug({ err: error }, 'users event stream interrupted; retrying');
      else log.warn({ err: error }, 'following users events failed; retrying');
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, backoffMs);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
    backoffMs = Math.min(backoffMs * 2, 10_000);
  }
}
