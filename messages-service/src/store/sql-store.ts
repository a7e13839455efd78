import {
  alreadyExists,
  failedPrecondition,
  notFound,
  toDbTime,
  type Dialect,
  type EventLog,
  type EventTables,
} from '@charla/platform';
import { sql, type Kysely, type Transaction } from 'kysely';
import { encodeEvent, MessagesEventType, type ChatEvent } from '../domain/events';
import { advanceMarkers, latestDeliveries } from '../domain/receipts';
import {
  MemberRole,
  MessageStatus,
  type ConversationRecord,
  type Delivery,
  type HistoryQuery,
  type ListCursor,
  type MemberRecord,
  type Message,
} from '../domain/types';
import { bringStatusesInStep, found, joinMember, lockedConversation, membersAmong, writeDeliveredMarkers, writeMarkers } from './markers';
import { GENERAL_ROOM } from './migrations';
import { isDeadlock, isDuplicate, KIND_NAMES, nameOf, ROLE_NAMES, toConversation, toMessage, toMember, type Emit, type Trx } from './rows';
import type { MessagesSchema } from './schema';
import { storeSends } from './sends';
import type { ChatStore, NewConversation, NewMessage, Outcome } from './store';

export interface SqlChatStoreOptions {
  db: Kysely<MessagesSchema>;
  dialect: Dialect;
  events: EventLog;
  /** Bounds one group commit, so a burst cannot hold the conversation locks for long; 1 turns it off. Default 100. */
  sendsPerCommit?: number;
}

/** Conversations whose deliveries one RecordDeliveries writes at the same time. */
const DELIVERY_WRITERS = 4;

/** ChatStore over Kysely: the same statements on MySQL/MariaDB and SQLite. */
export class SqlChatStore implements ChatStore {
  private readonly db: Kysely<MessagesSchema>;
  private readonly dialect: Dialect;
  private readonly events: EventLog;
  private readonly sendsPerCommit: number;
  private generalId: number | undefined;

  constructor(options: SqlChatStoreOptions) {
    this.db = options.db;
    this.dialect = options.dialect;
    this.events = options.events;
    this.sendsPerCommit = options.sendsPerCommit ?? 100;
  }

  /**
   * Runs a write in one transaction, appends the events it emitted before commit, and
   * wakes the stream after. READ COMMITTED on MySQL: the locks we rely on are row locks on
   * the conversation and event head, and gap locks would only add deadlocks.
   */
  private async write<T>(work: (trx: Trx, emit: Emit, now: Date) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const emitted: ChatEvent[] = [];
      const now = new Date();
      try {
        const begin = this.dialect === 'mysql' ? this.db.transaction().setIsolationLevel('read committed') : this.db.transaction();
        const result = await begin.execute(async (trx) => {
          const value = await work(trx, (e) => emitted.push(e), now);
          await this.events.append(trx as unknown as Transaction<EventTables>, emitted.map((e) => encodeEvent(e, now)), now);
          return value;
        });
        if (emitted.length > 0) this.events.notify();
        return result;
      } catch (error) {
        if (attempt < 5 && isDeadlock(error)) continue;
        throw error;
      }
    }
  }

  async generalRoomId(): Promise<number> {
    if (this.generalId === undefined) {
      const row = await this.db.selectFrom('conversations').select('id').where('title_key', '=', GENERAL_ROOM).executeTakeFirstOrThrow();
      this.generalId = Number(row.id);
    }
    return this.generalId;
  }

  async getConversation(id: number): Promise<ConversationRecord | undefined> {
    const row = await this.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toConversation(row);
  }

  async findDirect(directKey: string): Promise<ConversationRecord | undefined> {
    const row = await this.db.selectFrom('conversations').selectAll().where('direct_key', '=', directKey).executeTakeFirst();
    return row && toConversation(row);
  }

  async findSupport(userId: number): Promise<ConversationRecord | undefined> {
    const row = await this.db.selectFrom('conversations').selectAll().where('support_user_id', '=', userId).executeTakeFirst();
    return row && toConversation(row);
  }

  async conversationOf(conversationId: number, userId: number): Promise<{ conversation: ConversationRecord; membership: MemberRecord | undefined } | undefined> {
    const row = await this.db
      .selectFrom('conversations as c')
      .leftJoin('conversation_members as m', (join) =>
        join.onRef('m.conversation_id', '=', 'c.id').on('m.user_id', '=', userId).on('m.left_at', 'is', null),
      )
      .selectAll('c')
      .select(['m.conversation_id', 'm.user_id', 'm.role', 'm.joined_at', 'm.left_at', 'm.last_delivered_seq', 'm.last_read_seq'])
      .where('c.id', '=', conversationId)
      .executeTakeFirst();
    if (!row) return undefined;
    const { conversation_id, user_id, role, joined_at, left_at, last_delivered_seq, last_read_seq, ...conversation } = row;
    const membership =
      conversation_id === null || user_id === null || role === null || joined_at === null || last_delivered_seq === null || last_read_seq === null
        ? undefined
        : toMember({ conversation_id, user_id, role, joined_at, left_at, last_delivered_seq, last_read_seq });
    return { conversation: toConversation(conversation), membership };
  }

  async membersOf(conversationIds: number[]): Promise<Map<number, MemberRecord[]>> {
    const members = new Map<number, MemberRecord[]>(conversationIds.map((id) => [id, []]));
    if (conversationIds.length === 0) return members;
    const rows = await this.db
      .selectFrom('conversation_members')
      .selectAll()
      .where('conversation_id', 'in', conversationIds)
      .where('left_at', 'is', null)
      .orderBy('conversation_id')
      .orderBy('user_id')
      .execute();
    for (const row of rows) members.get(Number(row.conversation_id))?.push(toMember(row));
    return members;
  }

  async lastMessages(conversations: ConversationRecord[]): Promise<Map<number, Message>> {
    const ids = conversations.filter((c) => c.lastSeq > 0).map((c) => c.id);
    const last = new Map<number, Message>();
    if (ids.length === 0) return last;
    const rows = await this.db
      .selectFrom('messages as m')
      .innerJoin('conversations as c', (join) => join.onRef('c.id', '=', 'm.conversation_id').onRef('c.last_seq', '=', 'm.seq'))
      .selectAll('m')
      .where('c.id', 'in', ids)
      .execute();
    for (const row of rows) last.set(Number(row.conversation_id), toMessage(row));
    return last;
  }

  async conversationsOf(userId: number, after: ListCursor | undefined, limit: number): Promise<ConversationRecord[]> {
    let query = this.db
      .selectFrom('conversations as c')
      .innerJoin('conversation_members as m', 'm.conversation_id', 'c.id')
      .selectAll('c')
      .where('m.user_id', '=', userId)
      .where('m.left_at', 'is', null);
    if (after) {
      const at = toDbTime(after.updatedAt);
      query = query.where((eb) => eb.or([eb('c.updated_at', '<', at), eb.and([eb('c.updated_at', '=', at), eb('c.id', '<', after.id)])]));
    }
    const rows = await query.orderBy('c.updated_at', 'desc').orderBy('c.id', 'desc').limit(limit).execute();
    return rows.map(toConversation);
  }

  async rooms(after: ListCursor | undefined, limit: number): Promise<ConversationRecord[]> {
    let query = this.db.selectFrom('conversations').selectAll().where('kind', '=', 'room');
    if (after) query = query.where('id', '>', after.id);
    const rows = await query.orderBy('id').limit(limit).execute();
    return rows.map(toConversation);
  }

  async supportQueue(includeAnswered: boolean, after: ListCursor | undefined, limit: number): Promise<ConversationRecord[]> {
    let query = this.db.selectFrom('conversations').selectAll().where('kind', '=', 'support');
    if (!includeAnswered) query = query.where('waiting_since', 'is not', null);
    if (after) {
      const updated = toDbTime(after.updatedAt);
      const waiting = after.waitingSince && toDbTime(after.waitingSince);
      query = query.where((eb) => {
        // Within one waiting_since: most recently updated first, then by id.
        const laterInTie = eb.or([eb('updated_at', '<', updated), eb.and([eb('updated_at', '=', updated), eb('id', '>', after.id)])]);
        return waiting
          ? eb.or([
              eb('waiting_since', '>', waiting),
              eb.and([eb('waiting_since', '=', waiting), laterInTie]),
              eb('waiting_since', 'is', null), // the answered ones come after every waiting one
            ])
          : eb.and([eb('waiting_since', 'is', null), laterInTie]);
      });
    }
    const rows = await query
      .orderBy(sql`case when waiting_since is null then 1 else 0 end`)
      .orderBy('waiting_since')
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toConversation);
  }

  async createConversation(input: NewConversation): Promise<Outcome<ConversationRecord>> {
    try {
      const created = await this.write(async (trx, emit, now) => {
        const at = toDbTime(now);
        const kind = nameOf(KIND_NAMES, input.kind);
        const inserted = await trx
          .insertInto('conversations')
          .values({
            kind,
            title: input.title || null,
            title_key: kind === 'room' ? input.title.toLowerCase() : null,
            direct_key: input.directKey ?? null,
            support_user_id: input.supportUserId ?? null,
            last_seq: 0,
            created_at: at,
            updated_at: at,
          })
          .executeTakeFirstOrThrow();
        const id = Number(inserted.insertId);
        if (input.members.length > 0) {
          await trx
            .insertInto('conversation_members')
            .values(
              input.members.map((m) => ({
                conversation_id: id,
                user_id: m.userId,
                role: nameOf(ROLE_NAMES, m.role),
                joined_at: at,
                last_delivered_seq: 0,
                last_read_seq: 0,
              })),
            )
            .execute();
        }
        emit({ type: MessagesEventType.MESSAGES_EVENT_TYPE_CONVERSATION_CREATED, conversationId: id, conversationKind: input.kind });
        const row = await trx.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        return toConversation(row);
      });
      return { value: created, created: true };
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      // A concurrent call created the one direct or support conversation first: use it.
      const existing = input.directKey
        ? await this.findDirect(input.directKey)
        : input.supportUserId
          ? await this.findSupport(input.supportUserId)
          : undefined;
      if (existing) return { value: existing, created: false };
      throw alreadyExists('title', 'a room with this title already exists', 'ROOM_EXISTS');
    }
  }

  async addMember(conversationId: number, userId: number, role: MemberRole, maxMembers?: number): Promise<boolean> {
    return this.write(async (trx, emit, now) => {
      const conversation = await this.lockConversation(trx, conversationId, now);
      const existing = await trx
        .selectFrom('conversation_members')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (existing && existing.left_at === null) return false;
      if (maxMembers !== undefined) {
        const { count } = await trx
          .selectFrom('conversation_members')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('conversation_id', '=', conversationId)
          .where('left_at', 'is', null)
          .executeTakeFirstOrThrow();
        if (Number(count) >= maxMembers) throw failedPrecondition(`a group holds at most ${maxMembers} members`, 'GROUP_FULL');
      }
      await joinMember(trx, conversation, userId, role, now, emit);
      return true;
    });
  }

  async addMemberOnce(conversationId: number, userId: number): Promise<boolean> {
    const ever = await this.db
      .selectFrom('conversation_members')
      .select('user_id')
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (ever) return false;
    try {
      return await this.write(async (trx, emit, now) => {
        const conversation = await this.lockConversation(trx, conversationId, now);
        await joinMember(trx, conversation, userId, MemberRole.MEMBER_ROLE_MEMBER, now, emit);
        return true;
      });
    } catch (error) {
      if (isDuplicate(error)) return false; // another replica or the registration feed got there first
      throw error;
    }
  }

  /** The leaver no longer holds anyone's messages back: statuses are brought in step without them. */
  async removeMember(conversationId: number, userId: number): Promise<boolean> {
    return this.write(async (trx, emit, now) => {
      const conversation = await lockedConversation(trx, this.dialect, conversationId);
      if (!conversation) return false;
      const [leaver] = await membersAmong(trx, conversationId, [userId]);
      if (!leaver) return false;
      await trx
        .updateTable('conversation_members')
        .set({ left_at: toDbTime(now) })
        .where('conversation_id', '=', conversationId)
        .where('user_id', '=', userId)
        .execute();
      emit({ type: MessagesEventType.MESSAGES_EVENT_TYPE_MEMBER_LEFT, conversationId, conversationKind: conversation.kind, userId });
      await bringStatusesInStep(trx, conversation, leaver, emit);
      return true;
    });
  }

  /** Locks the conversation row for the rest of the transaction and returns it. */
  private async lockConversation(trx: Trx, conversationId: number, now: Date): Promise<ConversationRecord> {
    const result = await trx
      .updateTable('conversations')
      .set({ updated_at: toDbTime(now) })
      .where('id', '=', conversationId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound('conversation', 'CONVERSATION_NOT_FOUND');
    return this.conversationIn(trx, conversationId);
  }

  private async conversationIn(trx: Trx, conversationId: number): Promise<ConversationRecord> {
    const row = await trx.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirst();
    if (!row) throw notFound('conversation', 'CONVERSATION_NOT_FOUND');
    return toConversation(row);
  }

  /** A repeat of an author's client_id, found in the send's own transaction, returns the first message. */
  async sendMessage(input: NewMessage): Promise<Outcome<Message>> {
    try {
      return await this.queueSend(input);
    } catch (error) {
      // The same key raced in from another replica: its transaction won, ours rolled back.
      if (input.clientId && isDuplicate(error)) {
        const first = await this.byClientId(input);
        if (first) return { value: first, created: false };
      }
      throw error;
    }
  }

  /**
   * Group commit: sends that arrive while a send transaction runs wait here, and the next
   * transaction stores all of them in arrival order (so per-conversation order holds) with
   * one commit and one event-head update. If that batch fails, its sends run again one by
   * one, so only the bad ones fail.
   */
  private readonly waitingSends: { input: NewMessage; resolve: (m: Outcome<Message>) => void; reject: (e: unknown) => void }[] = [];
  private draining = false;

  private queueSend(input: NewMessage): Promise<Outcome<Message>> {
    return new Promise((resolve, reject) => {
      this.waitingSends.push({ input, resolve, reject });
      if (!this.draining) void this.drainSends();
    });
  }

  private async drainSends(): Promise<void> {
    this.draining = true;
    try {
      while (this.waitingSends.length > 0) {
        const batch = this.waitingSends.splice(0, this.sendsPerCommit);
        try {
          const stored = await this.write((trx, emit, now) =>
            storeSends(
              trx,
              batch.map((send) => send.input),
              emit,
              now,
            ),
          );
          batch.forEach((send, i) => send.resolve(stored[i]));
        } catch (error) {
          if (batch.length === 1) {
            batch[0].reject(error);
            continue;
          }
          for (const send of batch) {
            await this.write(async (trx, emit, now) => (await storeSends(trx, [send.input], emit, now))[0]).then(send.resolve, send.reject);
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async byClientId(input: NewMessage): Promise<Message | undefined> {
    const row = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', input.conversationId)
      .where('user_id', '=', input.authorId)
      .where('client_id', '=', input.clientId)
      .executeTakeFirst();
    return row && toMessage(row);
  }

  async getMessage(id: number): Promise<Message | undefined> {
    const row = await this.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toMessage(row);
  }

  async editMessage(id: number, body: string): Promise<Message> {
    return this.write(async (trx, emit, now) => {
      const at = toDbTime(now);
      const result = await trx
        .updateTable('messages')
        .set({ body, edited_at: at, updated_at: at })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw failedPrecondition('a deleted message cannot be edited', 'MESSAGE_DELETED');
      const message = await this.messageIn(trx, id);
      const conversation = await this.conversationIn(trx, message.conversationId);
      emit({ type: MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_EDITED, conversationId: conversation.id, conversationKind: conversation.kind, message });
      return message;
    });
  }

  async deleteMessage(id: number): Promise<Message> {
    return this.write(async (trx, emit, now) => {
      const at = toDbTime(now);
      const result = await trx
        .updateTable('messages')
        .set({ body: '', deleted_at: at, updated_at: at, status_id: MessageStatus.MESSAGE_STATUS_DELETED })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      const message = await this.messageIn(trx, id);
      // Deleting twice changes nothing and announces nothing.
      if (Number(result.numUpdatedRows) > 0) {
        const conversation = await this.conversationIn(trx, message.conversationId);
        emit({ type: MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_DELETED, conversationId: conversation.id, conversationKind: conversation.kind, message });
      }
      return message;
    });
  }

  private async messageIn(trx: Trx, id: number): Promise<Message> {
    const row = await trx.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('message', 'MESSAGE_NOT_FOUND');
    return toMessage(row);
  }

  async listMessages(query: HistoryQuery): Promise<Message[]> {
    let q = this.db.selectFrom('messages').selectAll().where('conversation_id', '=', query.conversationId);
    if (query.afterSeq > 0) q = q.where('seq', '>', query.afterSeq);
    if (query.beforeSeq > 0) q = q.where('seq', '<', query.beforeSeq);
    const rows = await q
      .orderBy('seq', query.order === 'newest-first' ? 'desc' : 'asc')
      .limit(query.limit)
      .execute();
    return rows.map(toMessage);
  }

  async moveMarkers(conversationId: number, userId: number, delivered: number, read: number): Promise<MemberRecord> {
    return this.write(async (trx, emit) => {
      const conversation = found(await lockedConversation(trx, this.dialect, conversationId));
      const [member] = await membersAmong(trx, conversationId, [userId]);
      if (!member) throw notFound('conversation', 'CONVERSATION_NOT_FOUND');
      const after = advanceMarkers(member, conversation.lastSeq, delivered, read);
      if (after.lastDeliveredSeq === member.lastDeliveredSeq && after.lastReadSeq === member.lastReadSeq) return member;
      const moves = [{ userId, before: member, after }];
      await writeMarkers(trx, conversationId, moves);
      await bringStatusesInStep(trx, conversation, member, emit);
      // Only the read marker changes what the member sees (their unread count); what others
      // see of a move is the MESSAGE_STATUS_CHANGED it caused.
      if (after.lastReadSeq > member.lastReadSeq) {
        emit({ type: MessagesEventType.MESSAGES_EVENT_TYPE_MARKER_MOVED, conversationId, conversationKind: conversation.kind, userId });
      }
      return { ...member, ...after };
    });
  }

  /**
   * Delivered markers of many members in many conversations. Statuses depend on every
   * member's markers, so whatever moves markers and recomputes statuses must run one at a
   * time per conversation: two that overlap would each read the other's marker as it was
   * and both leave a message sent that their moves together made delivered. Sends take
   * the conversation's row lock for that (bumping last_seq), and so does this, but only for
   * as long as it must: everything that needs no lock (coalescing, which members are
   * members, which markers would move at all) is read first without one, and each
   * conversation is its own short transaction (lock, one marker UPDATE, the status
   * statements, commit), so no lock waits on another conversation's work. A pre-read can
   * only be stale in the safe direction: markers never move back, so a marker read as
   * already there stays there, and a lower "before" only widens the seq range the status
   * statements look at. Moving delivered markers announces no MARKER_MOVED (unread counts
   * come from read markers), only the status changes it causes.
   */
  async recordDeliveries(deliveries: Delivery[]): Promise<number> {
    const latest = latestDeliveries(deliveries);
    if (latest.length === 0) return 0;
    const byConversation = new Map<number, Delivery[]>();
    for (const d of latest) {
      const entries = byConversation.get(d.conversationId);
      if (entries) entries.push(d);
      else byConversation.set(d.conversationId, [d]);
    }
    // Every listed user in every listed conversation, the pairs asked for picked out below:
    // a gateway's batch is mostly just those pairs, and two INs plan far faster than an OR
    // per conversation (12 ms against 300 for 1,000 entries in 500 conversations).
    const rows = await this.db
      .selectFrom('conversation_members as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .select(['m.conversation_id', 'm.user_id', 'm.last_delivered_seq', 'c.last_seq'])
      .where('m.left_at', 'is', null)
      .where('m.conversation_id', 'in', [...byConversation.keys()])
      .where('m.user_id', 'in', [...new Set(latest.map((d) => d.userId))])
      .execute();
    const current = new Map(rows.map((r) => [`${r.conversation_id}:${r.user_id}`, { delivered: Number(r.last_delivered_seq), lastSeq: Number(r.last_seq) }]));
    const work: { conversationId: number; moves: { userId: number; seq: number; before: number }[] }[] = [];
    for (const [conversationId, entries] of byConversation) {
      const moves = entries.flatMap((d) => {
        const now = current.get(`${conversationId}:${d.userId}`);
        // Not a member (or no such conversation), or nothing to move: skipped.
        return now && Math.min(d.seq, now.lastSeq) > now.delivered ? [{ userId: d.userId, seq: d.seq, before: now.delivered }] : [];
      });
      if (moves.length > 0) work.push({ conversationId, moves });
    }
    let moved = 0;
    let next = 0;
    // A few conversations at a time: their transactions share no lock, and commits can share a log flush.
    await Promise.all(
      Array.from({ length: Math.min(DELIVERY_WRITERS, work.length) }, async () => {
        while (next < work.length) {
          const { conversationId, moves } = work[next++];
          const n = await this.recordDeliveriesIn(conversationId, moves);
          moved += n;
        }
      }),
    );
    return moved;
  }

  private recordDeliveriesIn(conversationId: number, moves: { userId: number; seq: number; before: number }[]): Promise<number> {
    return this.write(async (trx, emit) => {
      const conversation = await lockedConversation(trx, this.dialect, conversationId);
      if (!conversation) return 0;
      const targets = moves.map((m) => ({ userId: m.userId, seq: Math.min(m.seq, conversation.lastSeq) }));
      const moved = await writeDeliveredMarkers(trx, conversationId, targets);
      if (moved === 0) return 0;
      // Read markers did not move: no read status can change (seq ≤ last_seq never passes it).
      const from = { lastDeliveredSeq: Math.min(...moves.map((m) => m.before)), lastReadSeq: conversation.lastSeq };
      await bringStatusesInStep(trx, conversation, from, emit);
      return moved;
    });
  }

  async readCursor(name: string): Promise<number> {
    const row = await this.db.selectFrom('sync_cursors').select('position').where('name', '=', name).executeTakeFirst();
    return row ? Number(row.position) : 0;
  }

  async writeCursor(name: string, position: number): Promise<void> {
    const updated = await this.db.updateTable('sync_cursors').set({ position }).where('name', '=', name).executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return;
    try {
      await this.db.insertInto('sync_cursors').values({ name, position }).execute();
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      await this.db.updateTable('sync_cursors').set({ position }).where('name', '=', name).execute();
    }
  }
}
