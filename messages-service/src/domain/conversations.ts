import { failedPrecondition, invalidArgument, notFound, permissionDenied } from '@charla/platform';
import type { ChatStore } from '../store/store';
import { acceptsInvitations, directKey } from './access';
import { requireUser } from './callers';
import { listCursor, nextListToken } from './paging';
import { ConversationViews, reach } from './reach';
import type { Caller, Conversation, ConversationView, ListCursor, Page, UserCaller, UserDirectory } from './types';
import * as valid from './validation';
import { LIMITS } from './validation';

/** The conversations use cases: finding, creating and joining conversations, and who is in them. */
export class Conversations {
  private readonly views: ConversationViews;

  constructor(
    private readonly store: ChatStore,
    private readonly users: UserDirectory,
  ) {
    this.views = new ConversationViews(store);
  }

  /** Every user is in `general` from the start (until they leave it); idempotent. */
  async joinGeneral(userId: number): Promise<void> {
    await this.store.addMemberOnce(await this.store.generalRoomId(), userId);
  }

  /** The caller's conversations, most recently active first. */
  async list(caller: Caller, request: { pageSize?: number; pageToken?: string }): Promise<Page<ConversationView>> {
    const me = requireUser(caller);
    return this.page(me, request, (after, limit) => this.store.conversationsOf(me.user.id, after, limit));
  }

  async get(caller: Caller, conversationId: unknown): Promise<ConversationView> {
    const me = requireUser(caller);
    const { conversation } = await reach(this.store, me, valid.id(conversationId, 'conversation_id'));
    return this.views.one(me, conversation);
  }

  async createGroup(caller: Caller, request: { title?: unknown; usernames?: unknown }): Promise<ConversationView> {
    const me = requireUser(caller);
    const title = valid.conversationTitle(request.title);
    const usernames = request.usernames ?? [];
    if (!Array.isArray(usernames)) throw invalidArgument('usernames', 'must be a list of usernames');
    if (usernames.length > LIMITS.groupMembersMax - 1) {
      throw invalidArgument('usernames', `a group holds at most ${LIMITS.groupMembersMax} members, its creator included`);
    }
    const names = usernames.map((u, i) => valid.username(u, `usernames[${i}]`));
    const ids = await Promise.all(names.map((name) => this.users.userIdByUsername(name, me)));
    const others = [...new Set(ids)].filter((id) => id !== me.user.id);
    const { value } = await this.store.createConversation({
      kind: 'group',
      title,
      members: [{ userId: me.user.id, role: 'owner' }, ...others.map((userId) => ({ userId, role: 'member' as const }))],
    });
    return this.views.one(me, value);
  }

  /** The direct chat with `username`; the same one every time, whoever opens it. */
  async openDirect(caller: Caller, request: { username?: unknown }): Promise<ConversationView> {
    const me = requireUser(caller);
    const otherId = await this.users.userIdByUsername(valid.username(request.username), me);
    if (otherId === me.user.id) throw invalidArgument('username', 'a direct chat needs another user');
    const key = directKey(me.user.id, otherId);
    const conversation =
      (await this.store.findDirect(key)) ??
      (
        await this.store.createConversation({
          kind: 'direct',
          title: '',
          directKey: key,
          members: [
            { userId: me.user.id, role: 'member' },
            { userId: otherId, role: 'member' },
          ],
        })
      ).value;
    return this.views.one(me, conversation);
  }

  /**
   * A user's support conversation: one per user, kept with its whole history, created on
   * first open. The caller's own, or (operators and admins) any user's, so staff can find a
   * user's conversation or write to them first; opened for them exactly as they would have
   * opened it, and staff join it with their first answer as always.
   */
  async openSupport(caller: Caller, request: { userId?: unknown } = {}): Promise<ConversationView> {
    const me = requireUser(caller);
    const asked = request.userId === undefined || request.userId === 0 || request.userId === '0' ? me.user.id : valid.id(request.userId, 'user_id');
    if (asked !== me.user.id) {
      if (!me.staff) throw permissionDenied('only operators and admins open another user’s support conversation', 'OPERATORS_ONLY');
      if (!(await this.users.userExists(asked, me))) throw notFound('user', 'USER_NOT_FOUND');
    }
    const conversation =
      (await this.store.findSupport(asked)) ??
      (
        await this.store.createConversation({
          kind: 'support',
          title: '',
          supportUserId: asked,
          members: [{ userId: asked, role: 'member' }],
        })
      ).value;
    return this.views.one(me, conversation);
  }

  /** Support conversations waiting for an answer, oldest wait first (staff only). */
  async supportQueue(caller: Caller, request: { pageSize?: number; pageToken?: string; includeAnswered?: boolean }): Promise<Page<ConversationView>> {
    const me = requireUser(caller);
    if (!me.staff) throw permissionDenied('the support queue is for operators', 'OPERATORS_ONLY');
    return this.page(me, request, (after, limit) => this.store.supportQueue(request.includeAnswered === true, after, limit));
  }

  /** Every room, oldest first: rooms are public. */
  async rooms(caller: Caller, request: { pageSize?: number; pageToken?: string }): Promise<Page<ConversationView>> {
    const me = requireUser(caller);
    return this.page(me, request, (after, limit) => this.store.rooms(after, limit));
  }

  async createRoom(caller: Caller, request: { title?: unknown }): Promise<ConversationView> {
    const me = requireUser(caller);
    const title = valid.conversationTitle(request.title);
    const { value } = await this.store.createConversation({ kind: 'room', title, members: [{ userId: me.user.id, role: 'owner' }] });
    return this.views.one(me, value);
  }

  async joinRoom(caller: Caller, conversationId: unknown): Promise<ConversationView> {
    const me = requireUser(caller);
    const id = valid.id(conversationId, 'conversation_id');
    const conversation = await this.store.getConversation(id);
    // Only rooms are open to anyone; anything else stays invisible to outsiders.
    if (!conversation || conversation.kind !== 'room') throw notFound('room', 'ROOM_NOT_FOUND');
    await this.store.addMember(id, me.user.id, 'member');
    return this.views.one(me, conversation);
  }

  async addMember(caller: Caller, request: { conversationId?: unknown; username?: unknown }): Promise<ConversationView> {
    const me = requireUser(caller);
    const id = valid.id(request.conversationId, 'conversation_id');
    const name = valid.username(request.username);
    const { conversation, access } = await reach(this.store, me, id);
    if (access !== 'member' || !acceptsInvitations(conversation.kind)) {
      throw failedPrecondition('only groups and rooms gain members; a direct chat is exactly its two users', 'MEMBERS_FIXED');
    }
    const userId = await this.users.userIdByUsername(name, me);
    const max = conversation.kind === 'group' ? LIMITS.groupMembersMax : undefined;
    await this.store.addMember(id, userId, 'member', max);
    return this.views.one(me, conversation);
  }

  async leave(caller: Caller, conversationId: unknown): Promise<void> {
    const me = requireUser(caller);
    const { conversation, access } = await reach(this.store, me, valid.id(conversationId, 'conversation_id'));
    if (access !== 'member') throw failedPrecondition('you are not a member of this conversation', 'NOT_A_MEMBER');
    if (conversation.kind === 'direct' || conversation.kind === 'support') {
      throw failedPrecondition('direct and support conversations cannot be left', 'CANNOT_LEAVE');
    }
    await this.store.removeMember(conversation.id, me.user.id);
  }

  /** One page of a keyset-paged list: one more is read than shown, to know whether more exist. */
  private async page(
    me: UserCaller,
    request: { pageSize?: number; pageToken?: string },
    read: (after: ListCursor | undefined, limit: number) => Promise<Conversation[]>,
  ): Promise<Page<ConversationView>> {
    const size = valid.pageSize(request.pageSize, LIMITS.listPageDefault);
    const found = await read(listCursor(request.pageToken ?? ''), size + 1);
    const page = found.slice(0, size);
    return { items: await this.views.many(me, page), nextPageToken: nextListToken(page.at(-1), found.length > size) };
  }
}
