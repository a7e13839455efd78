import { UserStatus, type User } from '@charla/proto/users';
import type { Conversation } from '@charla/proto/messages';
import { required } from './required';
import { invalidArgument } from '@charla/platform';
import type { RequestContext } from '../context';
import { requireViewer } from '../auth/viewer';
import { optionalId, parseId } from './values';

interface RegisterInput {
  firstName: string;
  lastName: string;
  username: string;
  email?: string | null;
  password: string;
}

interface UpdateProfileInput {
  firstName?: string | null;
  lastName?: string | null;
  username?: string | null;
  email?: string | null;
}

const PROFILE_FIELDS = [
  ['firstName', 'first_name'],
  ['lastName', 'last_name'],
  ['username', 'username'],
  ['email', 'email'],
] as const;

function authPayload(ctx: RequestContext, token: string, user: User | undefined) {
  if (user) ctx.gateway.directory.remember(user);
  return { token, user: required(user, 'user') };
}

export const MutationResolvers = {
  register: async (_: unknown, { input }: { input: RegisterInput }, ctx: RequestContext) => {
    const response = await ctx.gateway.users.register(
      { username: input.username, password: input.password, firstName: input.firstName, lastName: input.lastName, email: input.email ?? '' },
      'anonymous',
    );
    return authPayload(ctx, response.token, response.user);
  },

  login: async (_: unknown, args: { username: string; password: string }, ctx: RequestContext) => {
    ctx.gateway.limits.login(args.username, ctx.ip);
    const response = await ctx.gateway.users.login({ username: args.username, password: args.password }, 'anonymous');
    return authPayload(ctx, response.token, response.user);
  },

  logout: async (_: unknown, _args: unknown, ctx: RequestContext) => {
    const viewer = requireViewer(ctx.viewer);
    await ctx.gateway.users.logout({}, { token: viewer.token });
    ctx.gateway.tokens.forget(viewer.token);
    return true;
  },

  updateProfile: async (_: unknown, { input }: { input: UpdateProfileInput }, ctx: RequestContext) => {
    const viewer = requireViewer(ctx.viewer);
    const paths = PROFILE_FIELDS.filter(([graphql]) => input[graphql] !== undefined && input[graphql] !== null).map(([, proto]) => proto);
    if (paths.length === 0) throw invalidArgument('input', 'give at least one field to change');
    const { user } = await ctx.gateway.users.updateUser(
      {
        user: { ...viewer.user, firstName: input.firstName ?? '', lastName: input.lastName ?? '', username: input.username ?? '', email: input.email ?? '' },
        updateMask: paths,
      },
      { token: viewer.token },
    );
    ctx.gateway.tokens.forgetUser(viewer.user.id);
    if (user) ctx.gateway.directory.remember(user);
    return required(user, 'user');
  },

  changePassword: async (_: unknown, args: { oldPassword: string; newPassword: string }, ctx: RequestContext) => {
    const viewer = requireViewer(ctx.viewer);
    await ctx.gateway.users.changePassword({ oldPassword: args.oldPassword, newPassword: args.newPassword }, { token: viewer.token });
    return true;
  },

  setStatus: async (_: unknown, args: { status: UserStatus }, ctx: RequestContext) => {
    const viewer = requireViewer(ctx.viewer);
    if (args.status === UserStatus.USER_STATUS_OFFLINE) throw invalidArgument('status', 'choose ONLINE, AWAY or BUSY; OFFLINE follows from closing every socket');
    const { user } = await ctx.gateway.users.setStatus({ status: args.status }, { token: viewer.token });
    if (user) ctx.gateway.directory.remember(user);
    return required(user, 'user');
  },

  sendMessage: async (_: unknown, args: { conversationId: string; body: string; clientId?: string | null }, ctx: RequestContext) => {
    const viewer = requireViewer(ctx.viewer);
    const conversationId = parseId(args.conversationId, 'conversationId');
    ctx.gateway.limits.send(viewer.user.id);
    const { message } = await ctx.gateway.messages.sendMessage(
      { conversationId, body: args.body, clientId: args.clientId ?? '' },
      { token: viewer.token },
    );
    return required(message, 'message');
  },

  editMessage: async (_: unknown, args: { id: string; body: string }, ctx: RequestContext) => {
    const viewer = requireViewer(ctx.viewer);
    const { message } = await ctx.gateway.messages.editMessage({ messageId: parseId(args.id, 'id'), body: args.body }, { token: viewer.token });
    return required(message, 'message');
  },

  deleteMessage: async (_: unknown, args: { id: string }, ctx: RequestContext) => {
    const viewer = requireViewer(ctx.viewer);
    const { message } = await ctx.gateway.messages.deleteMessage({ messageId: parseId(args.id, 'id') }, { token: viewer.token });
    return required(message, 'message');
  },

  markRead: async (_: unknown, args: { conversationId: string; seq: number }, ctx: RequestContext) => {
    const viewer = requireViewer(ctx.viewer);
    const { conversation } = await ctx.gateway.messages.markRead(
      { conversationId: parseId(args.conversationId, 'conversationId'), seq: args.seq },
      { token: viewer.token },
    );
    return required(conversation, 'conversation');
  },

  markDelivered: async (_: unknown, args: { conversationId: string; seq: number }, ctx: RequestContext) => {
    const viewer = requireViewer(ctx.viewer);
    const { conversation } = await ctx.gateway.messages.markDelivered(
      { conversationId: parseId(args.conversationId, 'conversationId'), seq: args.seq },
      { token: viewer.token },
    );
    return required(conversation, 'conversation');
  },

  openDirect: (_: unknown, args: { username: string }, ctx: RequestContext) =>
    conversationCall(ctx, (token) => ctx.gateway.messages.openDirect({ username: args.username }, token)),

  createGroup: (_: unknown, args: { title: string; usernames?: string[] | null }, ctx: RequestContext) => {
    const usernames = args.usernames ?? [];
    if (usernames.length > ctx.gateway.config.limits.maxPageSize) {
      throw invalidArgument('usernames', `at most ${ctx.gateway.config.limits.maxPageSize} at once; add more with addMember`);
    }
    return conversationCall(ctx, (token) => ctx.gateway.messages.createGroup({ title: args.title, usernames }, token));
  },

  createRoom: (_: unknown, args: { title: string }, ctx: RequestContext) =>
    conversationCall(ctx, (token) => ctx.gateway.messages.createRoom({ title: args.title }, token)),

  joinRoom: (_: unknown, args: { conversationId: string }, ctx: RequestContext) =>
    conversationCall(ctx, (token) => ctx.gateway.messages.joinRoom({ conversationId: parseId(args.conversationId, 'conversationId') }, token)),

  addMember: (_: unknown, args: { conversationId: string; username: string }, ctx: RequestContext) =>
    conversationCall(ctx, (token) =>
      ctx.gateway.messages.addMember({ conversationId: parseId(args.conversationId, 'conversationId'), username: args.username }, token),
    ),

  leaveConversation: async (_: unknown, args: { conversationId: string }, ctx: RequestContext) => {
    const viewer = requireViewer(ctx.viewer);
    await ctx.gateway.messages.leaveConversation({ conversationId: parseId(args.conversationId, 'conversationId') }, { token: viewer.token });
    return true;
  },

  openSupport: (_: unknown, args: { userId?: string | null }, ctx: RequestContext) => {
    const userId = optionalId(args.userId, 'userId');
    return conversationCall(ctx, (token) => ctx.gateway.messages.openSupport({ userId }, token));
  },

  setTyping: async (_: unknown, args: { conversationId: string }, ctx: RequestContext) => {
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
