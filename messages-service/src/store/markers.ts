import { sql, type RawBuilder } from 'kysely';
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

/**
 * Every author's read and delivered thresholds, from the current members' markers as this
 * transaction sees them. Only the two lowest of each marker matter (see authorThreshold),
 * so that is all that is read, however large the room.
 */
export async function thresholdsIn(trx: Trx, conversationId: number): Promise<{ read: AuthorThreshold; delivered: AuthorThreshold }> {
  const lowest = (column: 'last_read_seq' | 'last_delivered_seq', kind: string) => sql`select * from (
      select ${kind} as kind, user_id, ${sql.ref(column)} as marker from conversation_members
      where conversation_id = ${conversationId} and left_at is null
      order by ${sql.ref(column)}, user_id limit 2
    ) as ${sql.raw(`lowest_${kind}`)}`;
  const { rows } = await sql<{ kind: string; user_id: number; marker: number }>`${lowest('last_read_seq', 'r')} union all ${lowest('last_delivered_seq', 'd')}`.execute(trx);
  const of = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => ({ userId: Number(r.user_id), marker: Number(r.marker) }));
  return { read: authorThreshold(of('r')), delivered: authorThreshold(of('d')) };
}

/** Writes the members' new markers, in one statement however many moved. */
export async function writeMarkers(trx: Trx, conversationId: number, moves: MarkerMove[]): Promise<void> {
  if (moves.length === 0) return;
  const byUser = (column: 'last_delivered_seq' | 'last_read_seq', pick: (m: Markers) => number): RawBuilder<number> =>
    moves.length === 1
      ? sql<number>`${pick(moves[0].after)}`
      : sql<number>`case user_id ${sql.join(
          moves.map((m) => sql`when ${m.userId} then ${pick(m.after)}`),
          sql` `,
        )} else ${sql.ref(column)} end`;
  await trx
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
    .execute();
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

/**
 * Brings the stored status of messages in step with the current members' markers (as this
 * transaction wrote them): every message all of its author's others have read is read, every
 * one they all have is delivered (see domain/receipts). `from`: the lowest markers that moved
 * (or of the member who left): no message at or below them can have changed. Two statements
 * however many authors: one to learn whose messages change, one UPDATE that changes them all.
 * Returns the announcements, read before delivered, so a message that jumps from sent to read
 * is announced once; statuses only move forward, and readers apply each as a maximum.
 */
export async function bringStatusesInStep(trx: Trx, conversation: Conversation, from: Markers): Promise<NewChatEvent[]> {
  const { read, delivered } = await thresholdsIn(trx, conversation.id);
  const highest = Math.max(delivered.upTo, delivered.laggardUpTo);
  if (Math.max(read.upTo, read.laggardUpTo) <= from.lastReadSeq && highest <= from.lastDeliveredSeq) return [];
  const { sent: SENT, delivered: DELIVERED, read: READ } = STATUS_IDS;
  const toRead = sql<boolean>`(seq > ${from.lastReadSeq} and seq <= ${thresholdSql(read)} and status_id in (${SENT}, ${DELIVERED}))`;
  const toDelivered = sql<boolean>`(seq > ${from.lastDeliveredSeq} and seq <= ${thresholdSql(delivered)} and status_id = ${SENT})`;
  // Reading implies delivery, so delivered thresholds and markers are never below read ones.
  const range = trx
    .selectFrom('messages')
    .where('conversation_id', '=', conversation.id)
    .where('seq', '>', Math.min(from.lastReadSeq, from.lastDeliveredSeq))
    .where('seq', '<=', highest)
    .where('status_id', 'in', [SENT, DELIVERED]);
  const changing = await range
    .select([
      'user_id',
      sql<number>`max(case when ${toRead} then 1 else 0 end)`.as('to_read'),
      sql<number>`max(case when ${toDelivered} and not ${toRead} then 1 else 0 end)`.as('to_delivered'),
    ])
    .groupBy('user_id')
    .having(sql<boolean>`max(case when ${toRead} or ${toDelivered} then 1 else 0 end) = 1`)
    .orderBy('user_id')
    .execute();
  if (changing.length === 0) return [];
  await trx
    .updateTable('messages')
    .set({ status_id: sql<number>`case when ${toRead} then ${READ} else ${DELIVERED} end` })
    .where('conversation_id', '=', conversation.id)
    .where('seq', '>', Math.min(from.lastReadSeq, from.lastDeliveredSeq))
    .where('seq', '<=', highest)
    .where(sql<boolean>`(${toRead} or ${toDelivered})`)
    .execute();
  const events: NewChatEvent[] = [];
  for (const row of changing) {
    const author = Number(row.user_id);
    const announce = (status: MessageStatus, upToSeq: number) =>
      events.push({
        type: 'message_status_changed',
        conversationId: conversation.id,
        conversationKind: conversation.kind,
        userId: author,
        upToSeq,
        status,
      });
    if (Number(row.to_read) === 1) announce('read', thresholdOf(read, author));
    if (Number(row.to_delivered) === 1) announce('delivered', thresholdOf(delivered, author));
  }
  return events;
}
