import { toDbTime } from '@charla/platform';
import { sql, type RawBuilder } from 'kysely';
import type { NewChatEvent } from '../domain/events';
import { advanceMarkers } from '../domain/receipts';
import type { Conversation, Member, Message } from '../domain/types';
import { found, lockConversation } from './conversations';
import { quotesFor } from './details';
import { claimAttachments, withAttachments } from './attachments';
import { bringStatusesInStep, writeMarkers, type MarkerMove } from './markers';
import { joinMember, membersAmong } from './members';
import { insertMentions } from './mentions';
import { toMessage, type Trx } from './rows';
import { STATUS_IDS } from './schema';
import type { NewMessage, Outcome } from './store';

/**
 * Stores a batch of sends (a group commit) in the caller's transaction and returns what
 * became of each, in the order of `sends`: a new message, or the first one stored under the
 * same author and client_id (earlier, or earlier in this batch). Per conversation, the
 * statements are the same for one send or a hundred: look up the batch's client ids, bump
 * last_seq by the count under the row lock, insert all rows, move every author's markers,
 * bring statuses in step. Seqs follow arrival order, so each conversation's order is the
 * order its sends arrived in.
 */
export async function storeSends(trx: Trx, sends: NewMessage[], events: NewChatEvent[], now: Date): Promise<Outcome<Message>[]> {
  const byConversation = new Map<number, number[]>();
  sends.forEach((send, i) => byConversation.set(send.conversationId, [...(byConversation.get(send.conversationId) ?? []), i]));
  const stored: Outcome<Message>[] = new Array(sends.length);
  // Ascending ids: batches of several replicas lock conversations in one order, so they never deadlock.
  for (const conversationId of [...byConversation.keys()].sort((a, b) => a - b)) {
    const indexes = byConversation.get(conversationId)!;
    const outcomes = await storeInConversation(trx, conversationId, indexes.map((i) => sends[i]), events, now);
    indexes.forEach((i, n) => (stored[i] = outcomes[n]));
  }
  return stored;
}

const keyOf = (send: { authorId: number; clientId: string }) => (send.clientId ? `${send.authorId}\u0000${send.clientId}` : undefined);

/** The messages already stored under the batch's (author, client_id) keys, by key. */
async function storedByKey(trx: Trx, conversationId: number, sends: NewMessage[]): Promise<Map<string, Message>> {
  const keyed = sends.filter((s) => s.clientId);
  if (keyed.length === 0) return new Map();
  const rows = await trx
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where((eb) => eb.or(keyed.map((s) => eb.and([eb('user_id', '=', s.authorId), eb('client_id', '=', s.clientId)]))))
    .execute();
  // A repeat returns the first message as it was stored, files and all.
  const stored = await withAttachments(trx, rows.map(toMessage));
  return new Map(stored.map((message) => [keyOf(message)!, message]));
}

async function storeInConversation(trx: Trx, conversationId: number, sends: NewMessage[], events: NewChatEvent[], now: Date): Promise<Outcome<Message>[]> {
  const existing = await storedByKey(trx, conversationId, sends);
  const fresh: NewMessage[] = [];
  const firstOfKey = new Map<string, number>();
  // Each send is a repeat of a stored message, or of an earlier send in this batch, or new (by index in fresh).
  type Plan = { kind: 'stored'; message: Message } | { kind: 'repeat' | 'new'; index: number };
  const plan = sends.map((send): Plan => {
    const key = keyOf(send);
    if (key !== undefined) {
      const stored = existing.get(key);
      if (stored) return { kind: 'stored', message: stored };
      const earlier = firstOfKey.get(key);
      if (earlier !== undefined) return { kind: 'repeat', index: earlier };
      firstOfKey.set(key, fresh.length);
    }
    fresh.push(send);
    return { kind: 'new', index: fresh.length - 1 };
  });
  const messages = fresh.length > 0 ? await storeNew(trx, conversationId, fresh, events, now) : [];
  return plan.map((p) => (p.kind === 'stored' ? { value: p.message, created: false } : { value: messages[p.index], created: p.kind === 'new' }));
}

/** waiting_since after the batch's support messages, applied in order: a user's starts the wait, staff's ends it. */
function waitingAfter(sends: NewMessage[], at: string): { waiting_since?: RawBuilder<string> | string | null } {
  let state: 'kept' | 'started' | 'stopped' | 'restarted' = 'kept';
  for (const { supportWait } of sends) {
    if (supportWait === 'stop') state = 'stopped';
    else if (supportWait === 'start') state = state === 'kept' || state === 'started' ? 'started' : 'restarted';
  }
  switch (state) {
    case 'kept':
      return {};
    case 'started':
      return { waiting_since: sql<string>`coalesce(waiting_since, ${at})` };
    case 'stopped':
      return { waiting_since: null };
    case 'restarted':
      return { waiting_since: at };
    default: {
      const never: never = state;
      throw new Error(`unknown wait ${String(never)}`);
    }
  }
}

/** Stores new messages of one conversation (sends, system lines) in the caller's transaction, with their events. */
export async function storeNew(trx: Trx, conversationId: number, sends: NewMessage[], events: NewChatEvent[], now: Date): Promise<Message[]> {
  const at = toDbTime(now);
  // The row lock takes the next seqs: concurrent writers to the conversation queue there, so
  // seqs are gapless, strictly increasing and in commit order.
  const conversation = found(
    await lockConversation(trx, conversationId, { last_seq: sql<number>`last_seq + ${sends.length}`, updated_at: at, ...waitingAfter(sends, at) }),
  );
  const firstSeq = conversation.lastSeq - sends.length + 1;

  const inserted = await trx
    .insertInto('messages')
    .values(
      sends.map((send, n) => ({
        conversation_id: conversationId,
        seq: firstSeq + n,
        user_id: send.authorId,
        body: send.body,
        client_id: send.clientId || null,
        status_id: STATUS_IDS.sent,
        is_from_support: send.isFromSupport ? 1 : 0,
        created_at: at,
        updated_at: at,
        reply_to_id: send.replyToId || null,
        kind: send.system ? 'system' : 'text',
        system_change: send.system ? JSON.stringify(send.system) : null,
      })),
    )
    .executeTakeFirstOrThrow();
  // One row's id is the statement's; several rows' ids are read back by seq (MySQL does not
  // promise consecutive auto-increment ids to a multi-row insert).
  const ids =
    sends.length === 1
      ? [Number(inserted.insertId)]
      : (
          await trx
            .selectFrom('messages')
            .select('id')
            .where('conversation_id', '=', conversationId)
            .where('seq', '>=', firstSeq)
            .where('seq', '<=', conversation.lastSeq)
            .orderBy('seq')
            .execute()
        ).map((row) => Number(row.id));

  const quotes = await quotesFor(trx, sends.filter((send) => send.replyToId > 0).map((send) => send.replyToId));
  const messages = sends.map(
    (send, n): Message => ({
      id: ids[n],
      conversationId,
      seq: firstSeq + n,
      authorId: send.authorId,
      body: send.body,
      clientId: send.clientId,
      status: 'sent',
      isFromSupport: send.isFromSupport,
      createdAt: now,
      updatedAt: now,
      editedAt: undefined,
      deletedAt: undefined,
      attachments: [],
      kind: send.system ? 'system' : 'text',
      system: send.system,
      replyToId: send.replyToId,
      replyTo: send.replyToId > 0 ? quotes.get(send.replyToId) : undefined,
      reactions: [],
      mentionIds: send.mentionIds,
      pinnedAt: undefined,
      pinnedBy: 0,
    }),
  );
  await insertMentions(trx, messages);
  for (const [n, message] of messages.entries()) message.attachments = await claimAttachments(trx, message, sends[n].attachmentIds ?? []);
  const authors = [...new Set(sends.map((send) => send.authorId))];
  let members = await membersAmong(trx, conversationId, authors);
  for (const [n, message] of messages.entries()) {
    events.push({ type: 'message_added', conversationId, conversationKind: conversation.kind, message });
    // Staff join a support conversation with their first answer, having seen it up to there.
    const role = sends[n].joinAs;
    if (role !== undefined && !members.some((m) => m.userId === message.authorId)) {
      events.push(...(await joinMember(trx, conversation, message.authorId, role, now, message.seq)));
      members = await membersAmong(trx, conversationId, authors);
    }
  }
  events.push(...(await moveAuthorsMarkers(trx, conversation, members, messages)));
  return messages;
}

/**
 * Writing means having seen the conversation: each author's markers move to their last
 * message of the batch. Only a move that passed over someone else's message can change a
 * status or an unread count, so only those are looked at; returns what they announce.
 */
async function moveAuthorsMarkers(trx: Trx, conversation: Conversation, members: Member[], messages: Message[]): Promise<NewChatEvent[]> {
  const lastOwn = new Map<number, number>();
  for (const m of messages) lastOwn.set(m.authorId, m.seq);
  const moves: MarkerMove[] = [];
  for (const [userId, seq] of lastOwn) {
    const before = members.find((m) => m.userId === userId);
    if (!before) continue; // left while the send waited: the message stays, the markers do not exist
    const after = advanceMarkers(before, conversation.lastSeq, seq, seq);
    if (after.lastDeliveredSeq === before.lastDeliveredSeq && after.lastReadSeq === before.lastReadSeq) continue;
    moves.push({ userId, before: { lastDeliveredSeq: before.lastDeliveredSeq, lastReadSeq: before.lastReadSeq }, after });
  }
  await writeMarkers(trx, conversation.id, moves);

  // Messages before the batch and after an author's read marker are someone else's (sending
  // moves it); within the batch, look.
  const before = messages[0].seq - 1;
  const passedOthers = moves.filter(
    (move) =>
      move.before.lastReadSeq < before ||
      messages.some((m) => m.authorId !== move.userId && m.seq > move.before.lastReadSeq && m.seq <= move.after.lastReadSeq),
  );
  if (passedOthers.length === 0) return [];
  const from = {
    lastReadSeq: Math.min(...passedOthers.map((m) => m.before.lastReadSeq)),
    lastDeliveredSeq: Math.min(...passedOthers.map((m) => m.before.lastDeliveredSeq)),
  };
  const statuses = await bringStatusesInStep(trx, conversation, from);
  const markers = passedOthers.map(({ userId }): NewChatEvent => ({ type: 'marker_moved', conversationId: conversation.id, conversationKind: conversation.kind, userId }));
  return [...statuses, ...markers];
}
