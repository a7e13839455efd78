import { UserEventType, type UserEvent } from '@charla/proto/users';
import { MessagesEventType, type MessagesEvent } from '@charla/proto/messages';
import { SESSION_ENDED, type SessionSockets } from '../auth/sessions';
import type { TokenCheck } from '../auth/tokens';
import type { UserDirectory } from '../directory';
import type { MessageOfTheDay } from '../motd';
import type { MessagesAudience, PresenceAudience } from './audience';

/** What a users-service event changes on this gateway: cached tokens and users, open sockets, people streams. */
export interface UserEventTargets {
  tokens: Pick<TokenCheck, 'revokeSessions' | 'forgetUser'>;
  sessions: Pick<SessionSockets, 'closeSessions'>;
  directory: Pick<UserDirectory, 'remember'>;
  people: PresenceAudience;
}

/**
 * Routes users-service events: a revoked session loses its cached token and its sockets (4403);
 * a user's new facts replace the cached ones and reach the presence / profile streams.
 */
export function routeUserEvents({ tokens, sessions, directory, people }: UserEventTargets): (event: UserEvent) => void {
  return (event) => {
    if (event.type === UserEventType.USER_EVENT_TYPE_SESSION_REVOKED) {
      const ended = new Set(event.sessionIds);
      tokens.revokeSessions(ended);
      sessions.closeSessions(ended, SESSION_ENDED, 'Session ended');
      return;
    }
    if (!event.user) return;
    directory.remember(event.user);
    if (event.type === UserEventType.USER_EVENT_TYPE_STATUS_CHANGED) people.publish(event.user, 'status');
    if (event.type === UserEventType.USER_EVENT_TYPE_PROFILE_CHANGED || event.type === UserEventType.USER_EVENT_TYPE_ROLE_CHANGED) {
      tokens.forgetUser(event.user.id);
      people.publish(event.user, 'profile');
    }
  };
}

/**
 * Routes messages-service events to the audience each names (member_ids, operators for
 * support); the message of the day is about no conversation and reaches everyone.
 */
export function routeMessagesEvents(audience: Pick<MessagesAudience, 'publish'>, motd: Pick<MessageOfTheDay, 'changed'>): (event: MessagesEvent) => void {
  return (event) => {
    if (event.type === MessagesEventType.MESSAGES_EVENT_TYPE_MOTD_CHANGED) motd.changed(event.motd);
    else audience.publish(event);
  };
}
