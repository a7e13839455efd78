import { answerWatch, bearerToken, implement, invalidArgument, type CallContext, type Handlers, WATCH_CURSOR_HEADER, type Logger } from '@charla/platform';
import { UsersServiceService, type UsersServiceServer } from '@charla/proto/users';
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Accounts } from '../domain/accounts';
import { requireService, type Callers } from '../domain/callers';
import type { Feed } from '../domain/feed';
import type { Presence } from '../domain/leases';
import type { ProfileChanges, Profiles } from '../domain/profiles';
import type { Caller } from '../domain/types';
import { notificationLevelFromPb, roleFromPb, statusFromPb, toPbEvent, toPbUser } from '../mapping';

const PROFILE_PATHS = ['first_name', 'last_name', 'email', 'username', 'notification_level'] as const;
type ProfilePath = (typeof PROFILE_PATHS)[number];
/** What an empty update mask means: the profile as others see it. */
const DEFAULT_PATHS: ProfilePath[] = ['first_name', 'last_name', 'email', 'username'];

export interface UsersGrpcOptions {
  callers: Callers;
  accounts: Accounts;
  profiles: Profiles;
  presence: Presence;
  feed: Feed;
  log: Logger;
  /** Aborted when the service stops, so event streams end instead of holding shutdown. */
  stopping: AbortSignal;
}

/** The UsersService handlers: proto ↔ domain mapping only; the use cases decide everything. */
export function usersGrpcService(options: UsersGrpcOptions): UntypedServiceImplementation {
  const { callers, accounts, profiles, presence, feed, stopping } = options;
  const callerOf = (context: CallContext): Promise<Caller | undefined> => callers.of(bearerToken(context.metadata.get('authorization')[0]));

  const handlers: Handlers<UsersServiceServer> = {
    async register(request) {
      const { user, token, expiresAt } = await accounts.register(request);
      return { user: toPbUser(user), token, expiresAt };
    },
    async login(request) {
      const { user, token, expiresAt } = await accounts.login(request.username, request.password);
      return { user: toPbUser(user), token, expiresAt };
    },
    async logout(_request, context) {
      await accounts.logout(await callerOf(context));
      return {};
    },
    async authenticate(request) {
      const { user, session } = await accounts.authenticate(request.token);
      return { user: toPbUser(user), sessionId: session.id, expiresAt: session.expiresAt };
    },
    async batchAuthenticate(request, context) {
      requireService(await callerOf(context));
      const found = await accounts.authenticateMany(request.tokens);
      return { results: found.map((one) => (one ? { user: toPbUser(one.user), sessionId: one.session.id, expiresAt: one.session.expiresAt } : { user: undefined, sessionId: '', expiresAt: undefined })) };
    },
    async getUser(request, context) {
      if ((request.id === 0) === (request.username === '')) throw invalidArgument('id', 'set exactly one of id or username');
      const by = request.id !== 0 ? { id: request.id } : { username: request.username };
      return { user: toPbUser(await profiles.getUser(await callerOf(context), by)) };
    },
    async batchGetUsers(request, context) {
      const users = await profiles.batchGetUsers(await callerOf(context), request.ids, request.usernames);
      return { users: users.map(toPbUser) };
    },
    async listUsers(request, context) {
      const page = await profiles.listUsers(await callerOf(context), request.pageSize, request.pageToken);
      return { users: page.users.map(toPbUser), nextPageToken: page.nextPageToken };
    },
    async updateUser(request, context) {
      const caller = await callerOf(context);
      const given = request.user;
      if (!given) throw invalidArgument('user', 'is required');
      const paths = request.updateMask && request.updateMask.length > 0 ? request.updateMask : DEFAULT_PATHS;
      const unknown = paths.find((p) => !(PROFILE_PATHS as readonly string[]).includes(p));
      if (unknown !== undefined) throw invalidArgument('update_mask', `"${unknown}" is not one of ${PROFILE_PATHS.join(', ')}`);
      const changes: ProfileChanges = {};
      for (const path of paths as ProfilePath[]) {
        if (path === 'first_name') changes.firstName = given.firstName;
        if (path === 'last_name') changes.lastName = given.lastName;
        if (path === 'email') changes.email = given.email;
        if (path === 'username') changes.username = given.username;
        if (path === 'notification_level') changes.notificationLevel = notificationLevelFromPb(given.notificationLevel);
      }
      return { user: toPbUser(await profiles.updateProfile(caller, given.id, changes)) };
    },
    async changePassword(request, context) {
      await accounts.changePassword(await callerOf(context), request.oldPassword, request.newPassword);
      return {};
    },
    async setStatus(request, context) {
      return { user: toPbUser(await profiles.setStatus(await callerOf(context), statusFromPb(request.status))) };
    },
    async setRole(request, context) {
      return { user: toPbUser(await profiles.setRole(await callerOf(context), request.userId, roleFromPb(request.role))) };
    },
    async openLease(request, context) {
      const opened = await presence.open(await callerOf(context), request.userId, request.holder, request.ttlSeconds);
      return { leaseId: opened.leaseId, expiresAt: opened.expiresAt, user: toPbUser(opened.user) };
    },
    async renewLeases(request, context) {
      return { expiredLeaseIds: await presence.renew(await callerOf(context), request.leaseIds, request.ttlSeconds) };
    },
    async closeLease(request, context) {
      await presence.close(await callerOf(context), request.leaseId);
      return {};
    },
    async watchEvents(request, context, send) {
      const signal = AbortSignal.any([context.signal, stopping]);
      const events = feed.watch(await callerOf(context), {
        after: request.after,
        fromNow: request.fromNow,
        signal,
        onStart: (cursor) => context.sendHeaders({ [WATCH_CURSOR_HEADER]: String(cursor) }),
      });
      await answerWatch(events, request.batched, toPbEvent, send);
    },
  };
  return implement<UsersServiceServer>(UsersServiceService, handlers, options.log);
}
