import type { Logger } from '@charla/platform';
import { UserEventType } from '@charla/proto/users';
import type { Chat } from '../domain/chat';
import type { ChatStore } from '../store/store';
import type { UsersClient } from './directory';

const CURSOR = 'users.events';

/**
 * Follows users-service's events: puts every newly registered user in `general`, and drops
 * cached token checks that a logout or role change ended. Resumes from a cursor kept in this
 * service's database; at-least-once, and joining is idempotent, so a replay after a crash
 * does no harm. Retries with backoff while users-service is away; stops when the signal aborts.
 */
export async function followUserEvents(options: {
  users: UsersClient;
  chat: Chat;
  store: ChatStore;
  log: Logger;
  signal: AbortSignal;
}): Promise<void> {
  const { users, chat, store, log, signal } = options;
  let backoffMs = 500;
  while (!signal.aborted) {
    try {
      const after = await store.readCursor(CURSOR);
      await users.watchUserEvents(after, signal, async (event) => {
        if (event.type === UserEventType.USER_EVENT_TYPE_REGISTERED && event.user) await chat.joinGeneral(event.user.id);
        // A cached token check must not outlive a logout or a role change.
        if (event.type === UserEventType.USER_EVENT_TYPE_SESSION_REVOKED) users.forget({ sessionIds: event.sessionIds });
        if (event.type === UserEventType.USER_EVENT_TYPE_ROLE_CHANGED && event.user) users.forget({ userId: event.user.id });
        await store.writeCursor(CURSOR, event.id);
        backoffMs = 500;
      });
    } catch (error) {
      if (signal.aborted) return;
      log.debug({ err: error }, 'users event stream interrupted; retrying');
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
