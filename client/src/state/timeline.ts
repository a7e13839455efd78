import type { Message, MessageStatus, PendingMessage } from './types';

/**
 * One conversation's history as this client knows it: messages ordered by seq, each seq once.
 * Live pushes, replays after a reconnect and history pages all go through `mergeMessages`,
 * which is why a message can never be shown twice.
 */
export interface Timeline {
  messages: readonly Message[];
  /** False once the first message of the conversation (seq 1) or an empty page was reached. */
  hasOlder: boolean;
}

export const EMPTY_TIMELINE: Timeline = { messages: [], hasOlder: true };

const STATUS_RANK: Record<MessageStatus, number> = { SENT: 0, DELIVERED: 1, READ: 2, DELETED: 3 };

/** The fresher of two copies of the same message; receipts never move backwards. */
function fresher(known: Message, incoming: Message): Message {
  if (STATUS_RANK[incoming.status] >= STATUS_RANK[known.status]) return incoming;
  return { ...incoming, status: known.status };
}

export function mergeMessages(known: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return known as Message[];
  const bySeq = new Map<number, Message>();
  for (const m of known) bySeq.set(m.seq, m);
  for (const m of incoming) {
    const existing = bySeq.get(m.seq);
    bySeq.set(m.seq, existing ? fresher(existing, m) : m);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export function mergeIntoTimeline(timeline: Timeline, incoming: readonly Message[], olderPage?: { hasMore: boolean }): Timeline {
  const messages = mergeMessages(timeline.messages, incoming);
  let hasOlder = olderPage ? olderPage.hasMore : timeline.hasOlder;
  if (messages[0]?.seq === 1) hasOlder = false;
  return { messages, hasOlder };
}

/** The highest seq held, or 0: what a resume asks to continue `after`. */
export function lastSeq(timeline: Timeline): number {
  return timeline.messages.length ? timeline.messages[timeline.messages.length - 1].seq : 0;
}

/**
 * The highest seq up to which nothing is missing: what a resume asks to continue `after`, and
 * where filling a hole starts. A timeline that reaches the start of the conversation is anchored
 * at 0; one that holds only recent pages, at its first message. Holes appear when a message
 * arrives ahead of the ones before it (a send answered while the socket was still down, a
 * dropped push).
 */
export function contiguousEnd(timeline: Timeline): number {
  const { messages } = timeline;
  let end = timeline.hasOlder && messages.length ? messages[0].seq - 1 : 0;
  for (const m of messages) {
    if (m.seq > end + 1) break;
    end = Math.max(end, m.seq);
  }
  return end;
}

/** Something is missing between what is held: fill it from history. */
export function hasHole(timeline: Timeline): boolean {
  return contiguousEnd(timeline) < lastSeq(timeline);
}

/** Pending sends still to show: those the server has not yet returned under the same clientId. */
export function unsettledPending(timeline: Timeline, pending: readonly PendingMessage[]): PendingMessage[] {
  const stored = new Set(timeline.messages.map((m) => m.clientId).filter(Boolean));
  return pending.filter((p) => !stored.has(p.clientId));
}
