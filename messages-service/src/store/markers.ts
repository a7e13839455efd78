import { sql, type CompiledQuery, type RawBuilder } from 'kysely';
import type { NewChatEvent } from '../domain/events';
import { authorThreshold, thresholdOf, type AuthorThreshold, type Markers } from '../domain/receipts';
import type { Conversation, MessageStatus } from '../domain/types';
import type { Trx } from './rows';
import { STATUS_IDS } from './schema';

/**
 * Receipts in SQL: members' markers, and messages.status_id kept in step with them. Every
 * write that moves markers or changes who is a member holds the conversation's row lock
 * (lockConversation), so two of them never compute statuses from each other's stale markers.
 */

/** A member's markers before and after one write. */
export interface MarkerMove {
  userId: number;
  before: Markers;
  after: Markers;
}

/** One of the lowest markers of a conversation's current members: `r` read, `d` delivered. */
export interface LowestMarker {
  kind: string;
  user_id: number;
  marker: number;
}

/**
 * The lowest `count` read markers and the lowest `count` delivered markers of the current
 * members, as this transaction sees them. The thresholds need the two lowest of each (see
 * authorThreshold); a write that will move k members' markers reads k + 2, so the two lowest
 * after its moves are among them (thresholdsOf), however large the room.
 */
export function lowestMarkers(trx: Trx, conversationId: number, count: number): CompiledQuery<LowestMarker> {
  const lowest = (column: 'last_read_seq' | 'last_delivered_seq', kind: string) => sql`select * from (
      select ${kind} as kind, user_id, ${sql.ref(column)} as marker from conversation_members
      where conversation_id = ${conversationId} and left_at is null
      order by ${sql.ref(column)}, user_id limit ${count}
    ) as ${sql.raw(`lowest_${kind}`)}`;
  return sql<LowestMarker>`${lowest('last_read_seq', 'r')} union all ${lowest('last_delivered_seq', 'd')}`.compile(trx);
}

/** Every author's read and delivered thresholds from lowestMarkers' rows, once `moves` are written. */
export function thresholdsOf(rows: LowestMarker[], moves: readonly MarkerMove[] = []): { read: AuthorThreshold; delivered: AuthorThreshold } {
  const moved = new Map(moves.map((move) => [move.userId, move.after]));
  const of = (kind: string, pick: (m: Markers) => number) =>
    rows
      .filter((r) => r.kind === kind)
      .map((r) => {
        const after = moved.get(Number(r.user_id));
        return { userId: Number(r.user_id), marker: after ? pick(after) : Number(r.marker) };
      });
  return { read: authorThreshold(of('r', (m) => m.lastReadSeq)), delivered: authorThreshold(of('d', (m) => m.lastDeliveredSeq)) };
}

/** Every author's read and delivered thresholds, from the current members' markers as this transaction sees them. */
async function thresholdsIn(trx: Trx, conversationId: number): Promise<{ read: AuthorThreshold; delivered: AuthorThreshold }> {
  const { rows } = await trx.executeQuery(lowestMarkers(trx, conversationId, 2));
  return thresholdsOf(rows);
}

/** The statement that writes the members' new markers, one however many moved; undefined when none did. */
export function markersUpdate(trx: Trx, conversationId: number, moves: MarkerMove[]): CompiledQuery | undefined {
  if (moves.length === 0) return undefined;
  const byUser = (column: 'last_delivered_seq' | 'last_read_seq', pick: (m: Markers) => number): RawBuilder<number> =>
    moves.length === 1
      ? sql<number>`${pick(moves[0].after)}`
      : sql<number>`case user_id ${sql.join(
          moves.map((m) => sql`when ${m.userId} then ${pick(m.after)}`),
          sql` `,
        )} else ${sql.ref(column)} end`;
  return trx
    .updateTable('conversation_members')
    .set({
      last_delivered_seq: byUser('last_delivered_seq', (m) => m.lastDeliveredSeq),
      last_read_seq: byUser('last_read_seq', (m) => m.lastReadSeq),
    })
    .where('conversation_id', '=', conversationId)
    .where(
      'user_id',
      'in',
      moves.map((m) => m.userId),
    )
    .compile();
}

/** Writes the members' new markers. */
export async function writeMarkers(trx: Trx, conversationId: number, moves: MarkerMove[]): Promise<void> {
  const update = markersUpdate(trx, conversationId, moves);
  if (update) await trx.executeQuery(update);
}

/**
 * Moves members' delivered markers forward to `seq` each, in one statement: only current
 * members whose marker is below it match, so nothing moves back and leavers are skipped
 * without a read first. Returns how many moved. Callers clamp `seq` to last_seq.
 */
export async function writeDeliveredMarkers(trx: Trx, conversationId: number, targets: { userId: number; seq: number }[]): Promise<number> {
  if (targets.length === 0) return 0;
  const target =
    targets.length === 1
      ? sql<number>`${targets[0].seq}`
      : sql<number>`case user_id ${sql.join(
          targets.map((t) => sql`when ${t.userId} then ${t.seq}`),
          sql` `,
        )} end`;
  const result = await trx
    .updateTable('conversation_members')
    .set({ last_delivered_seq: target })
    .where('conversation_id', '=', conversationId)
    .where(
      'user_id',
      'in',
      targets.map((t) => t.userId),
    )
    .where('left_at', 'is', null)
    .where('last_delivered_seq', '<', target)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** An author's threshold as SQL over messages.user_id. */
function thresholdSql(threshold: AuthorThreshold): RawBuilder<number> {
  return threshold.laggard === 0
    ? sql<number>`${threshold.upTo}`
    : sql<number>`(case when user_id = ${threshold.laggard} then ${threshold.laggardUpTo} else ${threshold.upTo} end)`;
}

/** Which authors' messages change status, and the UPDATE that changes them (statusChange). */
interface StatusChange {
  /** Reads, before the update, whose messages change: one row per author. */
  changing: CompiledQuery<ChangingRow>;
  update: CompiledQuery;
  /** The announcements of the changing rows, read before delivered. */
  announce(changing: ChangingRow[]): NewChatEvent[];
}

export interface ChangingRow {
  user_id: number;
  to_read: number;
  to_delivered: number;
}

/**
 * Bringing the stored status of messages in step with the members' markers as `thresholds`
 * says they are (as this transaction wrote them): every message all of its author's others
 * have read is read, every one they all have is delivered (see domain/receipts). `from`: the
 * lowest markers that moved (or of the member who left): no message at or below them can
 * have changed. Two statements however many authors: one to learn whose messages change, one
 * UPDATE that changes them all; undefined when the thresholds say nothing can change.
 */
export function statusChange(
  trx: Trx,
  conversation: Conversation,
  from: Markers,
  { read, delivered }: { read: AuthorThreshold; delivered: AuthorThreshold },
): StatusChange | undefined {
  const highest = Math.max(delivered.upTo, delivered.laggardUpTo);
  if (Math.max(read.upTo, read.laggardUpTo) <= from.lastReadSeq && highest <= from.lastDeliveredSeq) return undefined;
  const { sent: SENT, delivered: DELIVERED, read: READ } = STATUS_IDS;
  const toRead = sql<boolean>`(seq > ${from.lastReadSeq} and seq <= ${thresholdSql(read)} and status_id in (${SENT}, ${DELIVERED}))`;
  const toDelivered = sql<boolean>`(seq > ${from.lastDeliveredSeq} and seq <= ${thresholdSql(delivered)} and status_id = ${SENT})`;
  // Reading implies delivery, so delivered thresholds and markers are never below read ones.
  const changing = trx
    .selectFrom('messages')
    .where('conversation_id', '=', conversation.id)
    .where('seq', '>', Math.min(from.lastReadSeq, from.lastDeliveredSeq))
    .where('seq', '<=', highest)
    .where('status_id', 'in', [SENT, DELIVERED])
    .select([
      'user_id',
      sql<number>`max(case when ${toRead} then 1 else 0 end)`.as('to_read'),
      sql<number>`max(case when ${toDelivered} and not ${toRead} then 1 else 0 end)`.as('to_delivered'),
    ])
    .groupBy('user_id')
    .having(sql<boolean>`max(case when ${toRead} or ${toDelivered} then 1 else 0 end) = 1`)
    .orderBy('user_id')
    .compile();
  const update = trx
    .updateTable('messages')
    .set({ status_id: sql<number>`case when ${toRead} then ${READ} else ${DELIVERED} end` })
    .where('conversation_id', '=', conversation.id)
    .where('seq', '>', Math.min(from.lastReadSeq, from.lastDeliveredSeq))
    .where('seq', '<=', highest)
    .where(sql<boolean>`(${toRead} or ${toDelivered})`)
    .compile();
  const announce = (rows: ChangingRow[]): NewChatEvent[] => {
    const events: NewChatEvent[] = [];
    for (const row of rows) {
      const author = Number(row.user_id);
      const event = (status: MessageStatus, upToSeq: number) =>
        events.push({
          type: 'message_status_changed',
          conversationId: conversation.id,
          conversationKind: conversation.kind,
          userId: author,
          upToSeq,
          status,
        });
      if (Number(row.to_read) === 1) event('read', thresholdOf(read, author));
      if (Number(row.to_delivered) === 1) event('delivered', thresholdOf(delivered, author));
    }
    return events;
  };
  return { changing, update, announce };
}

/**
 * Brings the stored status of messages in step with the current members' markers as this
 * transaction reads them (statusChange). Returns the announcements, read before delivered, so
 * a message that jumps from sent to read is announced once; statuses only move forward, and
 * readers apply each as a maximum.
 */
export async function bringStatusesInStep(trx: Trx, conversation: Conversation, from: Markers): Promise<NewChatEvent[]> {
  const change = statusChange(trx, conversation, from, await thresholdsIn(trx, conversation.id));
  if (!change) return [];
  const { rows } = await trx.executeQuery(change.changing);
  if (rows.length === 0) return [];
  await trx.executeQuery(change.update);
  return change.announce(rows);
}
