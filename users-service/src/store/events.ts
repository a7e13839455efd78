import { eventFeed, type EventLog, type NewEvent, type StoredEvent } from '@charla/platform';
import { USER_EVENT_TYPES, type NewUserEvent, type User, type UserEvent } from '../domain/types';
import type { UserEventStore } from './store';

/**
 * Events in the outbox: the domain event as JSON, its type in `type`, the user it is about in
 * `subject_id`. The user is stored without email or notification level: the stream is read by other services.
 */
interface EventPayload {
  user: Omit<User, 'email' | 'notificationLevel' | 'lastSeenAt' | 'createdAt' | 'updatedAt'> & { lastSeenAt?: string; createdAt: string; updatedAt: string };
  sessionIds?: string[];
}

export function encodeEvent(event: NewUserEvent): NewEvent {
  const { email: _email, notificationLevel: _level, lastSeenAt, createdAt, updatedAt, ...rest } = event.user;
  const payload: EventPayload = {
    user: { ...rest, lastSeenAt: lastSeenAt?.toISOString(), createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() },
    ...(event.sessionIds.length > 0 ? { sessionIds: event.sessionIds } : {}),
  };
  return { type: event.type, subjectId: event.user.id, payload: JSON.stringify(payload) };
}

/** The domain event of a stored row; undefined for a type this version does not know. */
export function decodeEvent(stored: StoredEvent): UserEvent | undefined {
  const type = USER_EVENT_TYPES.find((t) => t === stored.type);
  if (!type) return undefined;
  const payload = JSON.parse(stored.payload) as EventPayload;
  const { lastSeenAt, createdAt, updatedAt, ...rest } = payload.user;
  return {
    id: stored.id,
    type,
    user: {
      ...rest,
      email: undefined,
      notificationLevel: undefined,
      lastSeenAt: lastSeenAt ? new Date(lastSeenAt) : undefined,
      createdAt: new Date(createdAt),
      updatedAt: new Date(updatedAt),
    },
    occurredAt: stored.createdAt,
    sessionIds: payload.sessionIds ?? [],
  };
}

export function userEventStore(log: EventLog): UserEventStore {
  return eventFeed(log, decodeEvent);
}
