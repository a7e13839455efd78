import type { MemberStore } from '../store/store';
import type { ChatEvent } from './events';

/**
 * Who hears each event of one WatchEvents stream: the conversation's current members plus
 * the member the event is about (so a member who just left still hears of it); a
 * MARKER_MOVED only its member, since it changes only their unread count, and a
 * PREFERENCES_CHANGED only its member, whose own settings they are.
 *
 * Members are read once per conversation per stream, then kept current by the stream's own
 * member events: the stream is in commit order, so applying them in order tracks the
 * database, and a lookup is needed only for a conversation the stream has not seen yet.
 */
export class StreamAudience {
  private readonly members = new Map<number, Set<number>>();

  constructor(
    private readonly store: MemberStore,
    private readonly capacity = 5_000,
  ) {}

  async of(event: ChatEvent): Promise<number[]> {
    if (event.type === 'marker_moved' || event.type === 'preferences_changed') return event.userId === undefined ? [] : [event.userId];
    // About no conversation: every gateway passes it to everyone.
    if (event.type === 'motd_changed') return [];
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
    if (event.userId !== undefined) {
      if (event.type === 'member_joined') members.add(event.userId);
      if (event.type === 'member_left') members.delete(event.userId);
    }
    const audience = new Set(members);
    if (event.userId) audience.add(event.userId);
    return [...audience];
  }
}
