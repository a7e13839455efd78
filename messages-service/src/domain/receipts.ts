import type { MessageStatus } from './types';

/** A member's receipt markers: every seq up to each one is delivered to / read by them. */
export interface Markers {
  lastDeliveredSeq: number;
  lastReadSeq: number;
}

/**
 * A message's status for its author, from the markers of every *other* current member:
 * read once all of them have read past it, delivered once all their clients have it.
 * With nobody else there (a support question nobody answered yet) it stays sent.
 */
export function statusFor(seq: number, deleted: boolean, others: Markers[]): MessageStatus {
  if (deleted) return 'deleted';
  if (others.length === 0) return 'sent';
  if (others.every((m) => m.lastReadSeq >= seq)) return 'read';
  if (others.every((m) => m.lastDeliveredSeq >= seq)) return 'delivered';
  return 'sent';
}

/**
 * The highest seq that every other member has read, and delivered: messages of one author
 * up to these seqs are read, and delivered. 0 when nobody else is there.
 */
export function statusThresholds(others: Markers[]): { readUpTo: number; deliveredUpTo: number } {
  if (others.length === 0) return { readUpTo: 0, deliveredUpTo: 0 };
  return {
    readUpTo: Math.min(...others.map((m) => m.lastReadSeq)),
    deliveredUpTo: Math.min(...others.map((m) => m.lastDeliveredSeq)),
  };
}

/**
 * One kind of threshold (read or delivered) for every author at once. The lowest marker
 * among an author's *others* is the lowest of all members, except for an author who alone
 * holds that lowest marker: their messages wait for the second lowest (0 when nobody else
 * is there). So two numbers and one user cover every author, members or not, and one SQL
 * statement can apply them.
 */
export interface AuthorThreshold {
  /** The threshold of every author but `laggard`. */
  upTo: number;
  /** The one member strictly behind all others; 0 when there is none. */
  laggard: number;
  laggardUpTo: number;
}

export function authorThreshold(members: { userId: number; marker: number }[]): AuthorThreshold {
  if (members.length === 0) return { upTo: 0, laggard: 0, laggardUpTo: 0 };
  const sorted = [...members].sort((a, b) => a.marker - b.marker);
  const [lowest, second] = sorted;
  if (second && second.marker === lowest.marker) return { upTo: lowest.marker, laggard: 0, laggardUpTo: 0 };
  return { upTo: lowest.marker, laggard: lowest.userId, laggardUpTo: second ? second.marker : 0 };
}

export function thresholdOf(threshold: AuthorThreshold, authorId: number): number {
  return authorId === threshold.laggard ? threshold.laggardUpTo : threshold.upTo;
}

/** The read and delivered thresholds of every author, from the current members' markers. */
export function authorThresholds(members: (Markers & { userId: number })[]): { read: AuthorThreshold; delivered: AuthorThreshold } {
  return {
    read: authorThreshold(members.map((m) => ({ userId: m.userId, marker: m.lastReadSeq }))),
    delivered: authorThreshold(members.map((m) => ({ userId: m.userId, marker: m.lastDeliveredSeq }))),
  };
}

/**
 * Markers never move backwards and never past the last message; reading implies delivery.
 * Returns the markers after a MarkDelivered/MarkRead of `seq`.
 */
export function advanceMarkers(current: Markers, lastSeq: number, delivered: number, read: number): Markers {
  const r = Math.min(Math.max(current.lastReadSeq, read), lastSeq);
  const d = Math.min(Math.max(current.lastDeliveredSeq, delivered, r), lastSeq);
  return { lastDeliveredSeq: Math.max(d, current.lastDeliveredSeq), lastReadSeq: Math.max(r, current.lastReadSeq) };
}

/**
 * One entry per member and conversation, with the highest seq given for it (a marker only
 * moves forward, so the highest says it all), sorted by conversation then user. Entries
 * at 0 are dropped: they can never move a marker.
 */
export function latestDeliveries<D extends { userId: number; conversationId: number; seq: number }>(deliveries: D[]): D[] {
  const latest = new Map<string, D>();
  for (const d of deliveries) {
    if (d.seq === 0) continue;
    const key = `${d.conversationId}:${d.userId}`;
    const seen = latest.get(key);
    if (!seen || seen.seq < d.seq) latest.set(key, d);
  }
  return [...latest.values()].sort((a, b) => a.conversationId - b.conversationId || a.userId - b.userId);
}

/**
 * Unread count. Sending moves the author's own markers to their message (a reply means the
 * author has seen the conversation, as in common messengers), so every message after the
 * read marker is someone else's: last_seq − last_read_seq counts exactly the others'
 * messages not yet read, with no per-message query. Deleted ones still count: they hold a place.
 */
export function unreadCount(lastSeq: number, markers: Markers | undefined): number {
  if (!markers) return 0;
  return Math.max(0, lastSeq - markers.lastReadSeq);
}
