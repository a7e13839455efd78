import { notFound, toDbTime, type Dialect } from '@charla/platform';
import { sql, type RawBuilder } from 'kysely';
import { MessagesEventType } from '../domain/events';
import { authorThreshold, thresholdOf, type AuthorThreshold, type Markers } from '../domain/receipts';
import { MessageStatus, type ConversationRecord, type MemberRecord, type MemberRole } from '../domain/types';
import { nameOf, ROLE_NAMES, toConversation, toMember, type Emit, type Trx } from './rows';

/**
 * Receipts in SQL: members' markers, and messages.status_id kept in step with them. Every
 * write that moves markers or changes who is a member holds the conversation's row lock
 * (sends take it by bumping last_seq), so two of them never compute statuses from each
 * other's stale markers.
 */

/** A member's markers before and after one write. */
export interface MarkerMove {
  userId: number;
  before: Markers;
  after: Markers;
}

/** The conversation, with its row locked until commit on MySQL (SQLite runs one writer at a time). */
export async function lockedConversation(trx: Trx, dialect: Dialect, conversationId: number): Promise<ConversationRecord | undefined> {
  let query = trx.selectFrom('conversations').selectAll().where('id', '=', conversationId);
  if (dialect === 'mysql') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toConversation(row);
}

/** The current members among `userIds` (a room may have thousands; a write needs a few). */
export async function membersAmong(trx: Trx, conversationId: number, userIds: number[]): Promise<MemberRecord[]> {
  if (userIds.length === 0) return [];
  const rows = await trx
    .selectFrom('conversation_members')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('user_id', 'in', userIds)
    .where('left_at', 'is', null)
    .execute();
  return rows.map(toMember);
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
 * one they all have is delivered (see domain/receipts). `from`: the lowest markers that moved (or of the member who left): no
 * message at or below them can have changed. Two statements however many authors: one to
 * learn whose messages change (for the announcements), one UPDATE that changes them all.
 * Read is announced before delivered, so a message that jumps from sent to read is
 * announced once; statuses only move forward, and readers apply each as a maximum.
 */
export async function bringStatusesInStep(trx: Trx, conversation: ConversationRecord, from: Markers, emit: Emit): Promise<void> {
  const { read, delivered } = await thresholdsIn(trx, conversation.id);
  const highest = Math.max(delivered.upTo, delivered.laggardUpTo);
  if (Math.max(read.upTo, read.laggardUpTo) <= from.lastReadSeq && highest <= from.lastDeliveredSeq) return;
  const { SENT, DELIVERED, READ } = { SENT: MessageStatus.MESSAGE_STATUS_SENT, DELIVERED: MessageStatus.MESSAGE_STATUS_DELIVERED, READ: MessageStatus.MESSAGE_STATUS_READ };
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
  if (changing.length === 0) return;
  await trx
    .updateTable('messages')
    .set({ status_id: sql<number>`case when ${toRead} then ${READ} else ${DELIVERED} end` })
    .where('conversation_id', '=', conversation.id)
    .where('seq', '>', Math.min(from.lastReadSeq, from.lastDeliveredSeq))
    .where('seq', '<=', highest)
    .where(sql<boolean>`(${toRead} or ${toDelivered})`)
    .execute();
  for (const row of changing) {
    const author = Number(row.user_id);
    const announce = (status: MessageStatus, upToSeq: number) =>
      emit({
        type: MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_STATUS_CHANGED,
        conversationId: conversation.id,
        conversationKind: conversation.kind,
        userId: author,
        upToSeq,
        status,
      });
    if (Number(row.to_read) === 1) announce(READ, thresholdOf(read, author));
    if (Number(row.to_delivered) === 1) announce(DELIVERED, thresholdOf(delivered, author));
  }
}

/**
 * Adds (or re-adds) a member and announces it. A joining member has seen what came before:
 * their markers start at `atSeq` (the newest message). If one member was alone there, their
 * messages, held at sent for want of anyone else, are now read by the newcomer.
 */
export async function joinMember(
  trx: Trx,
  conversation: ConversationRecord,
  userId: number,
  role: MemberRole,
  now: Date,
  emit: Emit,
  atSeq = conversation.lastSeq,
): Promise<void> {
  const ever = await trx
    .selectFrom('conversation_members')
    .select('user_id')
    .where('conversation_id', '=', conversation.id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  // Two are enough to know whether one member was alone.
  const others = (
    await trx
      .selectFrom('conversation_members')
      .selectAll()
      .where('conversation_id', '=', conversation.id)
      .where('left_at', 'is', null)
      .where('user_id', '!=', userId)
      .limit(2)
      .execute()
  ).map(toMember);
  const values = {
    role: nameOf(ROLE_NAMES, role),
    joined_at: toDbTime(now),
    left_at: null,
    last_delivered_seq: atSeq,
    last_read_seq: atSeq,
  };
  if (ever) {
    await trx.updateTable('conversation_members').set(values).where('conversation_id', '=', conversation.id).where('user_id', '=', userId).execute();
  } else {
    await trx.insertInto('conversation_members').values({ conversation_id: conversation.id, user_id: userId, ...values }).execute();
  }
  emit({ type: MessagesEventType.MESSAGES_EVENT_TYPE_MEMBER_JOINED, conversationId: conversation.id, conversationKind: conversation.kind, userId });
  if (others.length === 1) await bringStatusesInStep(trx, conversation, { lastDeliveredSeq: 0, lastReadSeq: 0 }, emit);
}

/** Throws NOT_FOUND when the conversation is gone. */
export function found(conversation: ConversationRecord | undefined): ConversationRecord {
  if (!conversation) throw notFound('conversation', 'CONVERSATION_NOT_FOUND');
  return conversation;
}
