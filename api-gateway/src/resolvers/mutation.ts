import { NotificationLevel, UserStatus, type User } from '@charla/proto/users';
import type { Conversation } from '@charla/proto/messages';
import { parseAttachmentIds } from './attachment';
import { invalidArgument } from '@charla/platform';
import type { RequestContext } from '../context';
import { requireViewer } from '../auth/viewer';
import type { MutationResolvers } from '../graphql/generated';
import { required } from './required';
import { optionalId, parseId } from './values';

const PROFILE_FIELDS = [
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['username', 'username'],
  ['email', 'email'],
  ['notificationLevel', 'notification_level'],
] as const;

function authPayload(ctx: RequestContext, token: string, user: User | undefined) {
  if (user) ctx.gateway.directory.remember(user);
  return { token, user: required(user, 'user') };
}

export const mutationResolvers: MutationResolvers = {
  register: async (_, { input }, ctx) => {
    const response = await ctx.gateway.users.register(
      { username: input.username, password: input.password, firstName: input.firstName, lastName: input.lastName, email: input.email ?? '' },
      'anonymous',
    );
    return authPayload(ctx, response.token, response.user);
  },

  login: async (_, args, ctx) => {
    ctx.gateway.limits.login(args.username, ctx.ip);
    const response = await ctx.gateway.users.login({ username: args.username, password: args.password }, 'anonymous');
    return authPayload(ctx, response.token, response.user);
  },

  logout: async (_, _args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    await ctx.gateway.users.logout({}, { token: viewer.token });
    ctx.gateway.tokens.forget(viewer.token);
    return true;
  },

  updateProfile: async (_, { input }, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const paths = PROFILE_FIELDS.filter(([graphql]) => input[graphql] !== undefined && input[graphql] !== null).map(([, proto]) => proto);
    if (paths.length === 0) throw invalidArgument('input', 'give at least one field to change');
    const { user } = await ctx.gateway.users.updateUser(
      {
        user: {
          ...viewer.user,
          firstName: input.firstName ?? '',
          lastName: input.lastName ?? '',
          username: input.username ?? '',
          email: input.email ?? '',
          notificationLevel: input.notificationLevel ?? NotificationLevel.NOTIFICATION_LEVEL_UNSPECIFIED,
        },
        updateMask: paths,
      },
      { token: viewer.token },
    );
    ctx.gateway.tokens.forgetUser(viewer.user.id);
    if (user) ctx.gateway.directory.remember(user);
    return required(user, 'user');
  },

  changePassword: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    await ctx.gateway.users.changePassword({ oldPassword: args.oldPassword, newPassword: args.newPassword }, { token: viewer.token });
    return true;
  },

  setStatus: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    if (args.status === UserStatus.USER_STATUS_OFFLINE) throw invalidArgument('status', 'choose ONLINE, AWAY or BUSY; OFFLINE follows from closing every socket');
    const { user } = await ctx.gateway.users.setStatus({ status: args.status }, { token: viewer.token });
    if (user) ctx.gateway.directory.remember(user);
    return required(user, 'user');
  },

  sendMessage: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const conversationId = parseId(args.conversationId, 'conversationId');
    ctx.gateway.limits.send(viewer.user.id);
    const { message } = await ctx.gateway.messages.sendMessage(
      { conversationId, body: args.body, clientId: args.clientId ?? '', attachmentIds: parseAttachmentIds(args.attachmentIds), replyToId: optionalId(args.replyToId, 'replyToId') ?? 0 },
      { token: viewer.token },
    );
    return required(message, 'message');
  },

  editMessage: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const { message } = await ctx.gateway.messages.editMessage({ messageId: parseId(args.id, 'id'), body: args.body }, { token: viewer.token });
    return required(message, 'message');
  },

  deleteMessage: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const { message } = await ctx.gateway.messages.deleteMessage({ messageId: parseId(args.id, 'id') }, { token: viewer.token });
    return required(message, 'message');
  },

  markRead: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const { conversation } = await ctx.gateway.messages.markRead(
      { conversationId: parseId(args.conversationId, 'conversationId'), seq: args.seq },
      { token: viewer.token },
    );
    return required(conversation, 'conversation');
  },

  markDelivered: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const { conversation } = await ctx.gateway.messages.markDelivered(
      { conversationId: parseId(args.conversationId, 'conversationId'), seq: args.seq },
      { token: viewer.token },
    );
    return required(conversation, 'conversation');
  },

  openDirect: (_, args, ctx) =>
    conversationCall(ctx, (token) => ctx.gateway.messages.openDirect({ username: args.username }, token)),

  createGroup: (_, args, ctx) => {
    const usernames = args.usernames ?? [];
    if (usernames.length > ctx.gateway.config.limits.maxPageSize) {
      throw invalidArgument('usernames', `at most ${ctx.gateway.config.limits.maxPageSize} at once; add more with addMember`);
    }
    return conversationCall(ctx, (token) => ctx.gateway.messages.createGroup({ title: args.title, usernames }, token));
  },

  createRoom: (_, args, ctx) =>
    conversationCall(ctx, (token) => ctx.gateway.messages.createRoom({ title: args.title }, token)),

  joinRoom: (_, args, ctx) =>
    conversationCall(ctx, (token) => ctx.gateway.messages.joinRoom({ conversationId: parseId(args.conversationId, 'conversationId') }, token)),

  addMember: (_, args, ctx) =>
    conversationCall(ctx, (token) =>
      ctx.gateway.messages.addMember({ conversationId: parseId(args.conversationId, 'conversationId'), username: args.username }, token),
    ),

  leaveConversation: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    await ctx.gateway.messages.leaveConversation({ conversationId: parseId(args.conversationId, 'conversationId') }, { token: viewer.token });
    return true;
  },

  openSupport: (_, args, ctx) => {
    const userId = optionalId(args.userId, 'userId');
    return conversationCall(ctx, (token) => ctx.gateway.messages.openSupport({ userId }, token));
  },

  setTyping: async (_, args, ctx) => {
    const viewer = requireViewer(ctx.viewer);
    const conversationId = parseId(args.conversationId, 'conversationId');
    await ctx.gateway.membership.check(viewer, conversationId);
    ctx.gateway.typing.signal(conversationId, viewer.user.id);
    return true;
  },
};

async function conversationCall(
  ctx: RequestContext,
  call: (auth: { token: string }) => Promise<{ conversation?: Conversation | undefined }>,
): Promise<Conversation> {
  const viewer = requireViewer(ctx.viewer);
  const { conversation } = await call({ token: viewer.token });
  return required(conversation, 'conversation');
}
