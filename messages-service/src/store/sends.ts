import { notFound, oneByOne, toDbTime, type Together } from '@charla/platform';
import { sql, type CompiledQuery, type QueryResult, type RawBuilder, type Selectable } from 'kysely';
import type { NewChatEvent } from '../domain/events';
import { advanceMarkers } from '../domain/receipts';
import type { Conversation, Member, Message } from '../domain/types';
import { conversationLock } from './conversations';
import { quotesFor } from './details';
import { claimAttachments, withAttachments } from './attachments';
import { bringStatusesInStep, lowestMarkers, markersUpdate, statusChange, thresholdsOf, writeMarkers, type ChangingRow, type LowestMarker, type MarkerMove } from './markers';
import { joinMember, membersAmong, membersAmongQuery } from './members';
import { insertMentions } from './mentions';
import { toConversation, toMember, toMessage, type Trx } from './rows';
import { STATUS_IDS, type MessagesSchema } from './schema';
import type { NewMessage, Outcome } from './store';

/**
 * Stores a batch of sends (a group commit) in the caller's transaction and returns what
 * became of each, in the order of `sends`: a new message, or the first one stored under the
 * same author and client_id (earlier, or earlier in this batch). Seqs follow arrival order,
 * so each conversation's order is the order its sends arrived in.
 *
 * The statements are the same for one send or a hundred, sent `together` as their
 * dependencies allow (on MySQL one round trip each step, platform's together.ts): first, for every
 * conversation of the batch, its row lock and what the batch needs to know (the row, the
 * messages already stored under the batch's client ids, the authors' memberships, the lowest
 * markers); then, per conversation, the writes (last_seq bumped by the count, every row
 * inserted, their ids read back, every author's markers moved, statuses in step).
 */
export async function storeSends(trx: Trx, sends: NewMessage[], events: NewChatEvent[], now: Date, together: Together = oneByOne): Promise<Outcome<Message>[]> {
  const byConversation = new Map<number, number[]>();
  sends.forEach((send, i) => byConversation.set(send.conversationId, [...(byConversation.get(send.conversationId) ?? []), i]));
  // Ascending ids: batches of several replicas lock conversations in one order, so they never deadlock.
  const conversationIds = [...byConversation.keys()].sort((a, b) => a - b);
  const sendsOf = (conversationId: number) => byConversation.get(conversationId)!.map((i) => sends[i]);
  const reads = conversationIds.map((conversationId) => readBefore(trx, conversationId, sendsOf(conversationId)));
  const answers = await together(
    trx,
    reads.flatMap((read) => read.queries),
  );
  const stored: Outcome<Message>[] = new Array(sends.length);
  let answered = 0;
  for (const [n, conversationId] of conversationIds.entries()) {
    const read = reads[n];
    const before = await read.known(answers.slice(answered, (answered += read.queries.length)));
    const outcomes = await storeInConversation(trx, before, sendsOf(conversationId), events, now, together);
    byConversation.get(conversationId)!.forEach((i, k) => (stored[i] = outcomes[k]));
  }
  return stored;
}

const keyOf = (send: { authorId: number; clientId: string }) => (send.clientId ? `${send.authorId}\u0000${send.clientId}` : undefined);

/** What a batch of one conversation reads under its lock before it writes. */
interface Before {
  conversation: Conversation;
  /** The messages already stored under the batch's (author, client_id) keys, by key. */
  stored: Map<string, Message>;
  /** The authors' current memberships. */
  members: Member[];
  /** The lowest markers, enough for the thresholds once every author's markers moved. */
  lowest: LowestMarker[];
}

type ConversationRow = Selectable<MessagesSchema['conversations']>;
type MemberRow = Selectable<MessagesSchema['conversation_members']>;
type MessageRow = Selectable<MessagesSchema['messages']>;

/** The statements of what a batch reads before it writes (the lock first), and how to read their answers. */
function readBefore(trx: Trx, conversationId: number, sends: NewMessage[]): { queries: CompiledQuery[]; known(answers: QueryResult<unknown>[]): Promise<Before> } {
  const authors = [...new Set(sends.map((send) => send.authorId))];
  const keyed = sends.filter((s) => s.clientId);
  const queries: CompiledQuery[] = [
    ...conversationLock(trx, conversationId),
    membersAmongQuery(trx, conversationId, authors),
    // Each author may move their markers: two more than the authors keep the two lowest after.
    lowestMarkers(trx, conversationId, authors.length + 2),
  ];
  if (keyed.length > 0) {
    queries.push(
      trx
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .where((eb) => eb.or(keyed.map((s) => eb.and([eb('user_id', '=', s.authorId), eb('client_id', '=', s.clientId)]))))
        .compile(),
    );
  }
  return {
    queries,
    async known([, conversation, members, lowest, repeats]) {
      const row = conversation.rows[0] as ConversationRow | undefined;
      if (!row) throw notFound('conversation', 'CONVERSATION_NOT_FOUND');
      // A repeat returns the first message as it was stored, files and all.
      const first = repeats ? await withAttachments(trx, (repeats.rows as MessageRow[]).map(toMessage)) : [];
      return {
        conversation: toConversation(row),
        stored: new Map(first.map((message) => [keyOf(message)!, message])),
        members: (members.rows as MemberRow[]).map(toMember),
        lowest: lowest.rows as LowestMarker[],
      };
    },
  };
}

async function storeInConversation(trx: Trx, before: Before, sends: NewMessage[], events: NewChatEvent[], now: Date, together: Together): Promise<Outcome<Message>[]> {
  const fresh: NewMessage[] = [];
  const firstOfKey = new Map<string, number>();
  // Each send is a repeat of a stored message, or of an earlier send in this batch, or new (by index in fresh).
  type Plan = { kind: 'stored'; message: Message } | { kind: 'repeat' | 'new'; index: number };
  const plan = sends.map((send): Plan => {
    const key = keyOf(send);
    if (key !== undefined) {
      const stored = before.stored.get(key);
      if (stored) return { kind: 'stored', message: stored };
      const earlier = firstOfKey.get(key);
      if (earlier !== undefined) return { kind: 'repeat', index: earlier };
      firstOfKey.set(key, fresh.length);
    }
    fresh.push(send);
    return { kind: 'new', index: fresh.length - 1 };
  });
  const messages = fresh.length > 0 ? await writeNew(trx, before, fresh, events, now, together) : [];
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
export async function storeNew(trx: Trx, conversationId: number, sends: NewMessage[], events: NewChatEvent[], now: Date, together: Together = oneByOne): Promise<Message[]> {
  const read = readBefore(trx, conversationId, sends);
  const before = await read.known(await together(trx, read.queries));
  return writeNew(trx, before, sends, events, now, together);
}

/**
 * Writes new messages of one conversation under its lock, with their events. The row lock
 * takes the next seqs: concurrent writers to the conversation queue there, so seqs are
 * gapless, strictly increasing and in commit order.
 */
async function writeNew(trx: Trx, before: Before, sends: NewMessage[], events: NewChatEvent[], now: Date, together: Together): Promise<Message[]> {
  const at = toDbTime(now);
  const conversationId = before.conversation.id;
  const firstSeq = before.conversation.lastSeq + 1;
  const conversation: Conversation = { ...before.conversation, lastSeq: before.conversation.lastSeq + sends.length };
  const bump = trx
    .updateTable('conversations')
    .set({ last_seq: sql<number>`last_seq + ${sends.length}`, updated_at: at, ...waitingAfter(sends, at) })
    .where('id', '=', conversationId)
    .compile();
  const insert = trx
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
    .compile();
  // Read back by seq: MySQL does not promise consecutive auto-increment ids to a multi-row insert.
  const ids = trx
    .selectFrom('messages')
    .select('id')
    .where('conversation_id', '=', conversationId)
    .where('seq', '>=', firstSeq)
    .where('seq', '<=', conversation.lastSeq)
    .orderBy('seq')
    .compile();
  // Staff join a support conversation with their first answer, having seen it up to there:
  // markers and statuses then wait for the joins.
  const joining = sends.some((send) => send.joinAs !== undefined && !before.members.some((m) => m.userId === send.authorId));
  const seqs = sends.map((send, n) => ({ authorId: send.authorId, seq: firstSeq + n }));
  const markers = joining ? undefined : authorsMarkers(trx, conversation, before, seqs);
  const answers = await together(trx, [bump, insert, ids, ...(markers?.queries ?? [])]);
  const idOf = (answers[2].rows as { id: number }[]).map((row) => Number(row.id));

  const quotes = await quotesFor(trx, sends.filter((send) => send.replyToId > 0).map((send) => send.replyToId));
  const messages = sends.map(
    (send, n): Message => ({
      id: idOf[n],
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
  if (markers) {
    for (const message of messages) events.push({ type: 'message_added', conversationId, conversationKind: conversation.kind, message });
    events.push(...markers.announce(answers.slice(3)));
    return messages;
  }
  const authors = [...new Set(sends.map((send) => send.authorId))];
  let members = before.members;
  for (const [n, message] of messages.entries()) {
    events.push({ type: 'message_added', conversationId, conversationKind: conversation.kind, message });
    const role = sends[n].joinAs;
    if (role !== undefined && !members.some((m) => m.userId === message.authorId)) {
      events.push(...(await joinMember(trx, conversation, message.authorId, role, now, message.seq)));
      members = await membersAmong(trx, conversationId, authors);
    }
  }
  const moved = authorsMoves(conversation, members, seqs);
  await writeMarkers(trx, conversationId, moved.moves);
  if (!moved.from) return messages;
  events.push(...(await bringStatusesInStep(trx, conversation, moved.from)), ...markerEvents(conversation, moved.passedOthers));
  return messages;
}

/**
 * Writing means having seen the conversation: each author's markers move to their last
 * message of the batch. Only a move that passed over someone else's message can change a
 * status or an unread count: `from`, the lowest markers of those moves, is where statuses
 * may change (undefined when none did).
 */
function authorsMoves(conversation: Conversation, members: Member[], messages: { authorId: number; seq: number }[]): { moves: MarkerMove[]; passedOthers: MarkerMove[]; from?: { lastReadSeq: number; lastDeliveredSeq: number } } {
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
  // Messages before the batch and after an author's read marker are someone else's (sending
  // moves it); within the batch, look.
  const first = messages[0].seq - 1;
  const passedOthers = moves.filter(
    (move) =>
      move.before.lastReadSeq < first ||
      messages.some((m) => m.authorId !== move.userId && m.seq > move.before.lastReadSeq && m.seq <= move.after.lastReadSeq),
  );
  if (passedOthers.length === 0) return { moves, passedOthers };
  const from = {
    lastReadSeq: Math.min(...passedOthers.map((m) => m.before.lastReadSeq)),
    lastDeliveredSeq: Math.min(...passedOthers.map((m) => m.before.lastDeliveredSeq)),
  };
  return { moves, passedOthers, from };
}

const markerEvents = (conversation: Conversation, moves: MarkerMove[]): NewChatEvent[] =>
  moves.map(({ userId }) => ({ type: 'marker_moved', conversationId: conversation.id, conversationKind: conversation.kind, userId }));

/**
 * The authors' marker moves and the statuses they bring in step, as statements that need no
 * answer first: the thresholds after the moves come from the lowest markers read under the
 * lock (thresholdsOf). announce(): what their answers announce, statuses before markers.
 */
function authorsMarkers(
  trx: Trx,
  conversation: Conversation,
  before: Before,
  messages: { authorId: number; seq: number }[],
): { queries: CompiledQuery[]; announce(answers: QueryResult<unknown>[]): NewChatEvent[] } {
  const { moves, passedOthers, from } = authorsMoves(conversation, before.members, messages);
  const update = markersUpdate(trx, conversation.id, moves);
  const change = from && statusChange(trx, conversation, from, thresholdsOf(before.lowest, moves));
  return {
    queries: [...(update ? [update] : []), ...(change ? [change.changing, change.update] : [])],
    announce(answers) {
      if (!from) return [];
      const changing = change ? (answers[update ? 1 : 0].rows as ChangingRow[]) : [];
      return [...(change ? change.announce(changing) : []), ...markerEvents(conversation, passedOthers)];
    },
  };
}
