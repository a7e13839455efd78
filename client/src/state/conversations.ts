import {
  AddMemberDocument,
  ConversationsDocument,
  CreateGroupDocument,
  CreateRoomDocument,
  JoinRoomDocument,
  LeaveConversationDocument,
  OpenDirectDocument,
  OpenSupportDocument,
  RoomsDocument,
  SupportQueueDocument,
} from '../api/generated';
import type { Page, Ports, Request } from './ports';
import { patch, type ChatStore } from './store';
import type { Conversation, User } from './types';

/** Operators and admins answer the support desk. */
export const isOperator = (user: Pick<User, 'role'>) => user.role === 'OPERATOR' || user.role === 'ADMIN';

export interface ConversationsDeps {
  store: ChatStore;
  request: Request;
  page: Pick<Page, 'visible'>;
  report: Ports['report'];
  /** A conversation left the list: stop streaming it. */
  dropped(conversationId: string): void;
}

/**
 * The conversations I am in (and, for operators, the support queue; for everyone, the rooms to
 * join): creating, joining and leaving them, and every change the server reports.
 * The actions that open a conversation return its id; opening it is the chat's part.
 */
export class Conversations {
  /** Conversations left here: late events about them must not bring them back. */
  private readonly left = new Set<string>();

  constructor(private readonly deps: ConversationsDeps) {}

  /** A conversation as the server sent it; one I am no longer in leaves the list instead. */
  put(conversation: Conversation): void {
    const { store, page } = this.deps;
    const { me, conversations, activeId, supportQueue } = store.get();
    // A conversation I left may still send one last change, seen from outside (no me among members).
    const stillMember = conversation.members.some((m) => m.user?.id === me.id) || (conversation.kind === 'ROOM' && conversation.members.length === 0);
    if (this.left.has(conversation.id) || (!stillMember && conversation.kind !== 'SUPPORT')) {
      this.drop(conversation.id);
      return;
    }
    // The open conversation is being read: the server's counts lag our markRead by a round trip.
    const reading = conversation.id === activeId && page.visible();
    const unreadCount = reading ? 0 : conversation.unreadCount;
    const mentionCount = reading ? 0 : conversation.mentionCount;
    const queue = supportQueue.some((c) => c.id === conversation.id) ? supportQueue.map((c) => (c.id === conversation.id ? conversation : c)) : supportQueue;
    patch(store, { conversations: { ...conversations, [conversation.id]: { ...conversation, unreadCount, mentionCount } }, supportQueue: queue });
  }

  /** The whole list again (e.g. a message arrived in a conversation I was just added to). */
  async refresh(): Promise<void> {
    const { conversations } = await this.deps.request(ConversationsDocument, {});
    const byId: Record<string, Conversation> = {};
    for (const c of conversations) {
      byId[c.id] = c;
      this.left.delete(c.id); // added back since: the server's list is the truth
    }
    patch(this.deps.store, { conversations: byId });
  }

  async openDirect(username: string): Promise<string> {
    const { openDirect } = await this.deps.request(OpenDirectDocument, { username });
    return this.joined(openDirect);
  }

  async createGroup(title: string, usernames: string[]): Promise<string> {
    const { createGroup } = await this.deps.request(CreateGroupDocument, { title, usernames });
    return this.joined(createGroup);
  }

  async addMember(conversationId: string, username: string): Promise<void> {
    const { addMember } = await this.deps.request(AddMemberDocument, { conversationId, username });
    this.put(addMember);
  }

  async openSupport(): Promise<string> {
    const { openSupport } = await this.deps.request(OpenSupportDocument, {});
    return this.joined(openSupport);
  }

  async joinRoom(conversationId: string): Promise<string> {
    const { joinRoom } = await this.deps.request(JoinRoomDocument, { conversationId });
    patch(this.deps.store, { rooms: this.deps.store.get().rooms.filter((r) => r.id !== conversationId) });
    return this.joined(joinRoom);
  }

  async createRoom(title: string): Promise<string> {
    const { createRoom } = await this.deps.request(CreateRoomDocument, { title });
    return this.joined(createRoom);
  }

  /** Gone from the list at once; the rooms to join are listed again (a left room is joinable). */
  async leave(conversationId: string): Promise<void> {
    await this.deps.request(LeaveConversationDocument, { conversationId });
    this.left.add(conversationId);
    this.drop(conversationId);
    this.refreshRooms().catch((error: unknown) => this.deps.report('listing rooms after leaving failed', error));
  }

  async refreshSupportQueue(): Promise<void> {
    const { supportQueue } = await this.deps.request(SupportQueueDocument, {});
    patch(this.deps.store, { supportQueue });
  }

  /** Rooms not yet joined. */
  async refreshRooms(): Promise<void> {
    const { rooms } = await this.deps.request(RoomsDocument, {});
    const joined = this.deps.store.get().conversations;
    patch(this.deps.store, { rooms: rooms.filter((r) => !joined[r.id]) });
  }

  private joined(conversation: Conversation): string {
    this.left.delete(conversation.id);
    this.put(conversation);
    return conversation.id;
  }

  private drop(id: string): void {
    const { conversations, timelines, activeId } = this.deps.store.get();
    const { [id]: _gone, ...rest } = conversations;
    const { [id]: _timeline, ...otherTimelines } = timelines;
    this.deps.dropped(id);
    patch(this.deps.store, { conversations: rest, timelines: otherTimelines, activeId: activeId === id ? null : activeId });
  }
}
