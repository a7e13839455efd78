import { UserRole, UserStatus, type User } from '@charla/proto/users';
import type { RequestContext } from '../context';
import { iso } from './values';

/** GraphQL enum names → the proto values resolvers pass around. */
export const UserStatusEnum = {
  ONLINE: UserStatus.USER_STATUS_ONLINE,
  AWAY: UserStatus.USER_STATUS_AWAY,
  BUSY: UserStatus.USER_STATUS_BUSY,
  OFFLINE: UserStatus.USER_STATUS_OFFLINE,
};

export const UserRoleEnum = {
  USER: UserRole.USER_ROLE_USER,
  OPERATOR: UserRole.USER_ROLE_OPERATOR,
  ADMIN: UserRole.USER_ROLE_ADMIN,
};

export const UserResolvers = {
  // Only the user themself sees their email, whatever a service returned.
  email: (user: User, _args: unknown, ctx: RequestContext) => (ctx.viewer?.user.id === user.id && user.email ? user.email : null),
  status: (user: User) => (user.status === UserStatus.USER_STATUS_UNSPECIFIED ? UserStatus.USER_STATUS_OFFLINE : user.status),
  role: (user: User) => (user.role === UserRole.USER_ROLE_UNSPECIFIED ? UserRole.USER_ROLE_USER : user.role),
  lastSeenAt: (user: User) => iso(user.lastSeenAt),
  createdAt: (user: User) => iso(user.createdAt),
  updatedAt: (user: User) => iso(user.updatedAt),
};
