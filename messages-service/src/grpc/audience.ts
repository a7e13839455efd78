import { MessagesEventType, type MessagesEvent } from '@charla/proto/messages';
import type { ChatStore } from '../store/store';

/**
 * Who hears each event of one WatchEvents stream: the conversation's current members plus
 * the member the event is about (so a member who just left still hears of it); a
 * MARKER_MOVED only its member.
 *
 * Members are read once per conversation per stream, then kept current by the stream's own
 * member events: the stream is in commit order, so applying them in order tracks the
 * database, and a lookup is needed only for a conversation the stream has not seen yet.
 */
export class StreamAudience {
  private readonly members = new Map<number, Set<number>>();

  constructor(
    private readonly store: ChatStore,
    private readonly capacity = 5_000,
  ) {}

  async of(event: MessagesEvent): Promise<number[]> {
    // A marker is personal: it changes only its member's unread count.
    if (event.type === MessagesEventType.MESSAGES_EVENT_TYPE_MARKER_MOVED) return [event.userId];
    let members = this.members.get(event.conversationId);
    if (members) {
      // Most recently used last, so the oldest entry is the first evicted.
      this.members.delete(event.conversationId);
      this.members.set(event.conversationId, members);
    } else {
      const loaded = await this.store.membersOf([event.conversationId]);
      members = new Set((loaded.get(event.conversationId) ?? []).map((m) => m.userId));
      if (this.members.size >= this.capacity) {
        const oldest = this.members.keys().next().value;
        if (oldest !== undefined) this.members.delete(oldest);
      }
      this.members.set(event.conversationId, members);
    }
    if (event.type === MessagesEventType.MESSAGES_EVENT_TYPE_MEMBER_JOINED) members.add(event.userId);
    if (event.type === MessagesEventType.MESSAGES_EVENT_TYPE_MEMBER_LEFT) members.delete(event.userId);
    const audience = new Set(members);
    if (event.userId) audience.add(event.userId);
    return [...audience];
  }
}
