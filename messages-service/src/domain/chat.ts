import { failedPrecondition, invalidArgument, notFound, permissionDenied, unauthenticated } from '@charla/platform';
import type { ChatStore } from '../store/store';
import type { UserDirectory } from '../users/directory';
import { acceptsInvitations, accessOf, directKey, isFromSupport, refusal, type Access } from './access';
import { historyWindow, listCursor, nextHistoryToken, nextListToken } from './paging';
import { unreadCount } from './receipts';
import {
  ConversationKind,
  MemberRole,
  type Caller,
  type ConversationRecord,
  type ListOrderName,
  type MemberRecord,
  type Message,
} from './types';
import * as valid from './validation';
import { LIMITS } from './validation';
import type { Conversation } from '@charla/proto/messages';

export interface Page<T> {
  items: T[];
  nextPageToken: string;
}

interface Reached {
  conversation: ConversationRecord;
  membership: MemberRecord | undefined;
  access: Exclude<Access, 'none'>;
}

/**
 * The messages service's use cases, one method per operation, shared by every door (gRPC,
 * REST). Transports authenticate, call these with plain values, and map the results.
 */
export class Chat {
  /** Users already checked for `general` membership in this process (a bounded memo). */
  private readonly inGeneral = new Set<number>();

  constructor(
    private readonly store: ChatStore,
    private readonly users: UserDirectory,
  ) {}

  /** The caller behind a bearer token; first sight of a user also puts them in `general`. */
  async authenticate(token: string | undefined): Promise<Caller> {
    if (!token) throw unauthenticated('an authorization: Bearer <token> is required', 'TOKEN_MISSING');
    const caller = await this.users.authenticate(token);
    if (!this.inGeneral.has(caller.userId)) {
      await this.joinGeneral(caller.userId);
      if (this.inGeneral.size > 100_000) this.inGeneral.clear();
      this.inGeneral.add(caller.userId);
    }
    return caller;
  }

  /** Every user is in `general` from the start (until they leave it); idempotent. */
  async joinGeneral(userId: number): Promise<void> {
    await this.store.addMemberOnce(await this.store.generalRoomId(), userId);
  }

  // --- conversations ---

  async listConversations(caller: Caller, request: { pageSize?: number; pageToken?: string }): Promise<Page<Conversation>> {
    const size = valid.pageSize(request.pageSize, LIMITS.listPageDefault);
    const after = listCursor(request.pageToken ?? '');
    const found = await this.store.conversationsOf(caller.userId, after, size + 1);
    const page = found.slice(0, size);
    return { items: await this.views(caller, page), nextPageToken: nextListToken(page.at(-1), found.length > size) };
  }

  async getConversation(caller: Caller, conversationId: unknown): Promise<Conversation> {
    const { conversation } = await this.reach(caller, valid.id(conversationId, 'conversation_id'));
    return this.view(caller, conversation);
  }

  async createGroup(caller: Caller, request: { title?: unknown; usernames?: unknown }): Promise<Conversation> {
    const title = valid.conversationTitle(request.title);
    const usernames = request.usernames ?? [];
    if (!Array.isArray(usernames)) throw invalidArgument('usernames', 'must be a list of usernames');
    if (usernames.length > LIMITS.groupMembersMax - 1) {
      throw invalidArgument('usernames', `a group holds at most ${LIMITS.groupMembersMax} members, its creator included`);
    }
    const names = usernames.map((u, i) => valid.username(u, `usernames[${i}]`));
    const ids = await Promise.all(names.map((name) => this.users.userIdByUsername(name, caller)));
    const others = [...new Set(ids)].filter((id) => id !== caller.userId);
    const { value } = await this.store.createConversation({
      kind: ConversationKind.CONVERSATION_KIND_GROUP,
      title,
      members: [
        { userId: caller.userId, role: MemberRole.MEMBER_ROLE_OWNER },
        ...others.map((userId) => ({ userId, role: MemberRole.MEMBER_ROLE_MEMBER })),
      ],
    });
    return this.view(caller, value);
  }

  /** The direct chat with `username`; the same one every time, whoever opens it. */
  async openDirect(caller: Caller, request: { username?: unknown }): Promise<Conversation> {
    const otherId = await this.users.userIdByUsername(valid.username(request.username), caller);
    if (otherId === caller.userId) throw invalidArgument('username', 'a direct chat needs another user');
    const key = directKey(caller.userId, otherId);
    const existing = await this.store.findDirect(key);
    const conversation =
      existing ??
      (
        await this.store.createConversation({
          kind: ConversationKind.CONVERSATION_KIND_DIRECT,
          title: '',
          directKey: key,
          members: [
            { userId: caller.userId, role: MemberRole.MEMBER_ROLE_MEMBER },
            { userId: otherId, role: MemberRole.MEMBER_ROLE_MEMBER },
          ],
        })
      ).value;
    return this.view(caller, conversation);
  }

  /**
   * A user's support conversation: one per user, kept with its whole history, created on
   * first open. The caller's own, or (operators and admins) any user's, so staff can find a
   * user's conversation or write to them first; opened for them exactly as they would have
   * opened it, and staff join it with their first answer as always.
   */
  async openSupport(caller: Caller, request: { userId?: unknown } = {}): Promise<Conversation> {
    const asked = request.userId === undefined || request.userId === 0 || request.userId === '0' ? caller.userId : valid.id(request.userId, 'user_id');
    if (asked !== caller.userId) {
      if (!caller.isStaff) throw permissionDenied('only operators and admins open another user’s support conversation', 'OPERATORS_ONLY');
      if (!(await this.users.userExists(asked, caller))) throw notFound('user', 'USER_NOT_FOUND');
    }
    const existing = await this.store.findSupport(asked);
    const conversation =
      existing ??
      (
        await this.store.createConversation({
          kind: ConversationKind.CONVERSATION_KIND_SUPPORT,
          title: '',
          supportUserId: asked,
          members: [{ userId: asked, role: MemberRole.MEMBER_ROLE_MEMBER }],
        })
      ).value;
    return this.view(caller, conversation);
  }

  async listSupportQueue(
    caller: Caller,
    request: { pageSize?: number; pageToken?: string; includeAnswered?: boolean },
  ): Promise<Page<Conversation>> {
    if (!caller.isStaff) throw permissionDenied('the support queue is for operators', 'OPERATORS_ONLY');
    const size = valid.pageSize(request.pageSize, LIMITS.listPageDefault);
    const after = listCursor(request.pageToken ?? '');
    const found = await this.store.supportQueue(request.includeAnswered === true, after, size + 1);
    const page = found.slice(0, size);
    return { items: await this.views(caller, page), nextPageToken: nextListToken(page.at(-1), found.length > size) };
  }

  async listRooms(caller: Caller, request: { pageSize?: number; pageToken?: string }): Promise<Page<Conversation>> {
    const size = valid.pageSize(request.pageSize, LIMITS.listPageDefault);
    const after = listCursor(request.pageToken ?? '');
    const found = await this.store.rooms(after, size + 1);
    const page = found.slice(0, size);
    return { items: await this.views(caller, page), nextPageToken: nextListToken(page.at(-1), found.length > size) };
  }

  async createRoom(caller: Caller, request: { title?: unknown }): Promise<Conversation> {
    const title = valid.conversationTitle(request.title);
    const { value } = await this.store.createConversation({
      kind: ConversationKind.CONVERSATION_KIND_ROOM,
      title,
      members: [{ userId: caller.userId, role: MemberRole.MEMBER_ROLE_OWNER }],
    });
    return this.view(caller, value);
  }

  async joinRoom(caller: Caller, conversationId: unknown): Promise<Conversation> {
    const id = valid.id(conversationId, 'conversation_id');
    const conversation = await this.store.getConversation(id);
    // Only rooms are open to anyone; anything else stays invisible to outsiders.
    if (!conversation || conversation.kind !== ConversationKind.CONVERSATION_KIND_ROOM) {
      throw notFound('room', 'ROOM_NOT_FOUND');
    }
    await this.store.addMember(id, caller.userId, MemberRole.MEMBER_ROLE_MEMBER);
    return this.view(caller, conversation);
  }

  async addMember(caller: Caller, request: { conversationId?: unknown; username?: unknown }): Promise<Conversation> {
    const id = valid.id(request.conversationId, 'conversation_id');
    const name = valid.username(request.username);
    const { conversation, access } = await this.reach(caller, id);
    if (access !== 'member' || !acceptsInvitations(conversation.kind)) {
      throw failedPrecondition('only groups and rooms gain members; a direct chat is exactly its two users', 'MEMBERS_FIXED');
    }
    const userId = await this.users.userIdByUsername(name, caller);
    const max = conversation.kind === ConversationKind.CONVERSATION_KIND_GROUP ? LIMITS.groupMembersMax : undefined;
    await this.store.addMember(id, userId, MemberRole.MEMBER_ROLE_MEMBER, max);
    return this.view(caller, conversation);
  }

  async leaveConversation(caller: Caller, conversationId: unknown): Promise<void> {
    const { conversation, access } = await this.reach(caller, valid.id(conversationId, 'conversation_id'));
    if (access !== 'member') throw failedPrecondition('you are not a member of this conversation', 'NOT_A_MEMBER');
    if (conversation.kind === ConversationKind.CONVERSATION_KIND_DIRECT || conversation.kind === ConversationKind.CONVERSATION_KIND_SUPPORT) {
      throw failedPrecondition('direct and support conversations cannot be left', 'CANNOT_LEAVE');
    }
    await this.store.removeMember(conversation.id, caller.userId);
  }

  // --- messages ---

  /** Stores a message; a repeat of the caller's client_id returns the first one (created: false). */
  async sendMessage(
    caller: Caller,
    request: { conversationId?: unknown; body?: unknown; clientId?: unknown },
  ): Promise<{ message: Message; created: boolean }> {
    const id = valid.id(request.conversationId, 'conversation_id');
    const body = valid.messageBody(request.body);
    const clientId = valid.clientId(request.clientId);
    const { conversation, access } = await this.reach(caller, id);
    const support = conversation.kind === ConversationKind.CONVERSATION_KIND_SUPPORT;
    const { value, created } = await this.store.sendMessage({
      conversationId: id,
      authorId: caller.userId,
      body,
      clientId,
      isFromSupport: isFromSupport(caller, conversation),
      // Staff join a support conversation with their first answer.
      joinAs: access === 'staff' ? MemberRole.MEMBER_ROLE_OPERATOR : undefined,
      supportWait: !support ? 'none' : conversation.supportUserId === caller.userId ? 'start' : 'stop',
    });
    return { message: value, created };
  }

  async editMessage(caller: Caller, request: { messageId?: unknown; body?: unknown }): Promise<Message> {
    const body = valid.messageBody(request.body);
    const message = await this.ownMessage(caller, request.messageId);
    if (message.deletedAt) throw failedPrecondition('a deleted message cannot be edited', 'MESSAGE_DELETED');
    return this.store.editMessage(message.id, body);
  }

  async deleteMessage(caller: Caller, messageId: unknown): Promise<Message> {
    const message = await this.ownMessage(caller, messageId);
    return this.store.deleteMessage(message.id);
  }

  async listMessages(
    caller: Caller,
    request: { conversationId?: unknown; pageSize?: unknown; pageToken?: string; beforeSeq?: unknown; afterSeq?: unknown; order?: ListOrderName },
  ): Promise<Page<Message>> {
    const id = valid.id(request.conversationId, 'conversation_id');
    const size = valid.pageSize(request.pageSize, LIMITS.messagesPageDefault);
    const window = historyWindow(
      id,
      {
        order: request.order ?? 'newest-first',
        afterSeq: valid.seq(request.afterSeq, 'after_seq'),
        beforeSeq: valid.seq(request.beforeSeq, 'before_seq'),
        pageToken: request.pageToken ?? '',
      },
      size,
    );
    await this.reach(caller, id);
    const found = await this.store.listMessages({ ...window, limit: size + 1 });
    const page = found.slice(0, size);
    return { items: page, nextPageToken: nextHistoryToken(window, page.length, page.at(-1)?.seq, found.length > size) };
  }

  // --- receipts ---

  /** The caller's own delivery: the same write as a gateway's RecordDeliveries entry. */
  async markDelivered(caller: Caller, request: { conversationId?: unknown; seq?: unknown }): Promise<Conversation> {
    const id = valid.id(request.conversationId, 'conversation_id');
    const seq = valid.seq(request.seq, 'seq');
    const { conversation, access, membership } = await this.reach(caller, id);
    // Staff who have not answered yet keep no markers: they are not members.
    if (access === 'member' && membership && seq > membership.lastDeliveredSeq) {
      await this.store.recordDeliveries([{ userId: caller.userId, conversationId: id, seq }]);
    }
    return this.view(caller, conversation);
  }

  async markRead(caller: Caller, request: { conversationId?: unknown; seq?: unknown }): Promise<Conversation> {
    const id = valid.id(request.conversationId, 'conversation_id');
    const seq = valid.seq(request.seq, 'seq');
    const { conversation, access } = await this.reach(caller, id);
    if (access === 'member') await this.store.moveMarkers(id, caller.userId, seq, seq);
    return this.view(caller, conversation);
  }

  /**
   * Gateways' word that messages reached members' sockets (the transport checks the service
   * credential): at most 1,000 entries, coalesced to the highest seq per member and
   * conversation; non-members and unknown conversations are skipped. Returns how many
   * delivered markers moved.
   */
  async recordDeliveries(request: { deliveries?: unknown }): Promise<number> {
    return this.store.recordDeliveries(valid.deliveries(request.deliveries));
  }

  // --- shared ---

  /** The conversation if the caller may read and write it; otherwise the outsider's refusal. */
  private async reach(caller: Caller, conversationId: number): Promise<Reached> {
    const found = await this.store.conversationOf(conversationId, caller.userId);
    if (!found) throw notFound('conversation', 'CONVERSATION_NOT_FOUND');
    const { conversation, membership } = found;
    const access = accessOf(caller, conversation, membership);
    if (access === 'none') throw refusal(conversation);
    return { conversation, membership, access };
  }

  /** A message the caller wrote, in a conversation they can still reach. */
  private async ownMessage(caller: Caller, messageId: unknown): Promise<Message> {
    const message = await this.store.getMessage(valid.id(messageId, 'message_id'));
    if (!message) throw notFound('message', 'MESSAGE_NOT_FOUND');
    try {
      await this.reach(caller, message.conversationId);
    } catch {
      // An outsider learns nothing, not even that the message exists.
      throw notFound('message', 'MESSAGE_NOT_FOUND');
    }
    if (message.authorId !== caller.userId) throw permissionDenied('only the author may change a message', 'NOT_THE_AUTHOR');
    return message;
  }

  /** One conversation as it is now (re-read: the record may predate the write that led here). */
  private async view(caller: Caller, conversation: ConversationRecord): Promise<Conversation> {
    const fresh = await this.store.getConversation(conversation.id);
    if (!fresh) throw notFound('conversation', 'CONVERSATION_NOT_FOUND');
    const [one] = await this.views(caller, [fresh]);
    return one;
  }

  /** Conversations as the caller sees them: members, last message and unread count, in two queries. */
  private async views(caller: Caller, conversations: ConversationRecord[]): Promise<Conversation[]> {
    const ids = conversations.map((c) => c.id);
    const [members, last] = await Promise.all([this.store.membersOf(ids), this.store.lastMessages(conversations)]);
    return conversations.map((c) => {
      const list = members.get(c.id) ?? [];
      return {
        id: c.id,
        kind: c.kind,
        title: c.title,
        members: list.map(({ conversationId: _, ...member }) => member),
        lastMessage: last.get(c.id),
        unreadCount: unreadCount(c.lastSeq, list.find((m) => m.userId === caller.userId)),
        lastSeq: c.lastSeq,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
        supportUserId: c.supportUserId,
      };
    });
  }
}
