import * as pb from '@charla/proto/users';
import type { NotificationLevel, User, UserEvent, UserEventType, UserRole, UserStatus } from './domain/types';

/**
 * Domain ↔ proto messages. The gRPC handlers use them as they are; the REST adapter sends
 * their proto JSON form, so both doors show a user the same way.
 */

const STATUS_TO_PB: Record<UserStatus, pb.UserStatus> = {
  online: pb.UserStatus.USER_STATUS_ONLINE,
  away: pb.UserStatus.USER_STATUS_AWAY,
  busy: pb.UserStatus.USER_STATUS_BUSY,
  offline: pb.UserStatus.USER_STATUS_OFFLINE,
};

const ROLE_TO_PB: Record<UserRole, pb.UserRole> = {
  user: pb.UserRole.USER_ROLE_USER,
  operator: pb.UserRole.USER_ROLE_OPERATOR,
  admin: pb.UserRole.USER_ROLE_ADMIN,
};

const LEVEL_TO_PB: Record<NotificationLevel, pb.NotificationLevel> = {
  all: pb.NotificationLevel.NOTIFICATION_LEVEL_ALL,
  mentions: pb.NotificationLevel.NOTIFICATION_LEVEL_MENTIONS,
  none: pb.NotificationLevel.NOTIFICATION_LEVEL_NONE,
};

const EVENT_TYPE_TO_PB: Record<UserEventType, pb.UserEventType> = {
  registered: pb.UserEventType.USER_EVENT_TYPE_REGISTERED,
  profile_changed: pb.UserEventType.USER_EVENT_TYPE_PROFILE_CHANGED,
  status_changed: pb.UserEventType.USER_EVENT_TYPE_STATUS_CHANGED,
  role_changed: pb.UserEventType.USER_EVENT_TYPE_ROLE_CHANGED,
  session_revoked: pb.UserEventType.USER_EVENT_TYPE_SESSION_REVOKED,
};

function invert<K extends string, V>(record: Record<K, V>): Map<V, K> {
  return new Map(Object.entries(record).map(([k, v]) => [v as V, k as K]));
}
const STATUS_FROM_PB = invert(STATUS_TO_PB);
const ROLE_FROM_PB = invert(ROLE_TO_PB);
const LEVEL_FROM_PB = invert(LEVEL_TO_PB);

export function toPbUser(user: User): pb.User {
  return {
    id: user.id,
    username: user.username,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email ?? '',
    status: STATUS_TO_PB[user.status],
    role: ROLE_TO_PB[user.role],
    lastSeenAt: user.lastSeenAt,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    notificationLevel: user.notificationLevel ? LEVEL_TO_PB[user.notificationLevel] : pb.NotificationLevel.NOTIFICATION_LEVEL_UNSPECIFIED,
  };
}

/** A level as the use case reads it: a name, or '' for UNSPECIFIED and unknown numbers (refused naming the field). */
export function notificationLevelFromPb(level: pb.NotificationLevel): string {
  return LEVEL_FROM_PB.get(level) ?? '';
}

/** Undefined for UNSPECIFIED and unknown numbers: the use case rejects them naming the field. */
export function statusFromPb(status: pb.UserStatus): UserStatus | undefined {
  return STATUS_FROM_PB.get(status);
}

export function roleFromPb(role: pb.UserRole): UserRole | undefined {
  return ROLE_FROM_PB.get(role);
}

export function toPbEvent(event: UserEvent): pb.UserEvent {
  return {
    id: event.id,
    type: EVENT_TYPE_TO_PB[event.type],
    user: toPbUser(event.user),
    occurredAt: event.occurredAt,
    sessionIds: event.sessionIds,
  };
}
