import { NotificationLevel, UserRole, UserStatus } from '@charla/proto/users';
import type { NotificationLevelResolvers, UserResolvers, UserRoleResolvers, UserStatusResolvers } from '../graphql/generated';
import { iso } from './values';

/** GraphQL enum names → the proto values resolvers pass around. */
export const userStatusEnum: UserStatusResolvers = {
  ONLINE: UserStatus.USER_STATUS_ONLINE,
  AWAY: UserStatus.USER_STATUS_AWAY,
  BUSY: UserStatus.USER_STATUS_BUSY,
  OFFLINE: UserStatus.USER_STATUS_OFFLINE,
};

export const userRoleEnum: UserRoleResolvers = {
  USER: UserRole.USER_ROLE_USER,
  OPERATOR: UserRole.USER_ROLE_OPERATOR,
  ADMIN: UserRole.USER_ROLE_ADMIN,
};

export const notificationLevelEnum: NotificationLevelResolvers = {
  ALL: NotificationLevel.NOTIFICATION_LEVEL_ALL,
  MENTIONS: NotificationLevel.NOTIFICATION_LEVEL_MENTIONS,
  NONE: NotificationLevel.NOTIFICATION_LEVEL_NONE,
};

export const userResolvers: UserResolvers = {
  // Only the user themself sees their email, whatever a service returned.
  email: (user, _args, ctx) => (ctx.viewer?.user.id === user.id && user.email ? user.email : null),
  // The user's own, like the email. A copy from an event carries none: their own record (the token's) does.
  notificationLevel: (user, _args, ctx) => {
    if (!ctx.viewer || ctx.viewer.user.id !== user.id) return null;
    const level = user.notificationLevel || ctx.viewer.user.notificationLevel;
    return level === NotificationLevel.NOTIFICATION_LEVEL_UNSPECIFIED ? null : level;
  },
  status: (user) => (user.status === UserStatus.USER_STATUS_UNSPECIFIED ? UserStatus.USER_STATUS_OFFLINE : user.status),
  role: (user) => (user.role === UserRole.USER_ROLE_UNSPECIFIED ? UserRole.USER_ROLE_USER : user.role),
  lastSeenAt: (user) => iso(user.lastSeenAt),
  createdAt: (user) => iso(user.createdAt),
  updatedAt: (user) => iso(user.updatedAt),
};
