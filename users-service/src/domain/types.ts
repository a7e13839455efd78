/** The chat domain's view of users, sessions and events; transports map these to their own shapes. */

export const USER_STATUSES = ['online', 'away', 'busy', 'offline'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
/** What a user may pick; "offline" is only ever the absence of presence. */
export type ChosenStatus = Exclude<UserStatus, 'offline'>;

export const USER_ROLES = ['user', 'operator', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** What a user's browser notifies them of: every message, mentions and direct messages only, or nothing. */
export const NOTIFICATION_LEVELS = ['all', 'mentions', 'none'] as const;
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number];

export interface User {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
  /** Undefined when the user gave none, and in views for callers who may not see it. */
  email: string | undefined;
  /** Effective status: offline while no presence lease lives, otherwise the chosen one. */
  status: UserStatus;
  chosenStatus: ChosenStatus;
  role: UserRole;
  lastSeenAt: Date | undefined;
  createdAt: Date;
  updatedAt: Date;
  /** Undefined in views for anyone but the user themself and services, and in events. */
  notificationLevel: NotificationLevel | undefined;
}

export interface Session {
  id: string;
  userId: number;
  expiresAt: Date;
}

/** Who is calling: a signed-in user, or another Charla service holding SERVICE_TOKEN. */
export type Caller = { kind: 'user'; user: User; session: Session } | { kind: 'service' };

export const USER_EVENT_TYPES = ['registered', 'profile_changed', 'status_changed', 'role_changed', 'session_revoked'] as const;
export type UserEventType = (typeof USER_EVENT_TYPES)[number];

/** What a write announces; the event log numbers and dates it. */
export interface NewUserEvent {
  type: UserEventType;
  /** The user as it is after the change (streamed without email). */
  user: User;
  /** For session_revoked: the sessions that ended. */
  sessionIds: string[];
}

export interface UserEvent extends NewUserEvent {
  id: number;
  occurredAt: Date;
}

/** The user as a given caller may see it: email only for themself, admins and services; the notification level for themself and services. */
export function visibleTo(caller: Caller | undefined, user: User): User {
  const self = caller !== undefined && (caller.kind === 'service' || caller.user.id === user.id);
  const seesEmail = self || (caller?.kind === 'user' && caller.user.role === 'admin');
  return { ...user, email: seesEmail ? user.email : undefined, notificationLevel: self ? user.notificationLevel : undefined };
}
