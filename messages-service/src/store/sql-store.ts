import {
  alreadyExists,
  failedPrecondition,
  fromDbTime,
  notFound,
  toDbTime,
  type Dialect,
  type EventLog,
  type EventTables,
} from '@charla/platform';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { encodeEvent, MessagesEventType, type ChatEvent } from '../domain/events';
import { advanceMarkers, statusThresholds } from '../domain/receipts';
import {
  ConversationKind,
  MemberRole,
  MessageStatus,
  type ConversationRecord,
  type HistoryQuery,
  type MemberRecord,
  type Message,
} from '../domain/types';
import { GENERAL_ROOM } from './migrations';
import type { ConversationKindName, MemberRoleName, MessagesSchema } from './schema';
import type { ChatStore, NewConversation, NewMessage, Outcome } from './store';

type Trx = Transaction<MessagesSchema>;
/** Bounds one group commit, so a burst cannot hold the conversation locks for long. */
const MAX_SENDS_PER_COMMIT = 100;
type Emit = (event: ChatEvent) => void;

const KIND_NAMES: Record<ConversationKindName, ConversationKind> = {
  room: ConversationKind.CONVERSATION_KIND_ROOM,
  direct: ConversationKind.CONVERSATION_KIND_DIRECT,
  group: ConversationKind.CONVERSATION_KIND_GROUP,
  support: ConversationKind.CONVERSATION_KIND_SUPPORT,
};
const ROLE_NAMES: Record<MemberRoleName, MemberRole> = {
  member: MemberRole.MEMBER_ROLE_MEMBER,
  owner: MemberRole.MEMBER_ROLE_OWNER,
  operator: MemberRole.MEMBER_ROLE_OPERATOR,
};

function nameOf<N extends string, V>(table: Record<N, V>, value: V): N {
  const found = (Object.keys(table) as N[]).find((k) => table[k] === value);
  if (!found) throw new Error(`no stored name for ${String(value)}`);
  return found;
}

function toConversation(row: Selectable<MessagesSchema['conversations']>): ConversationRecord {
  return {
    id: Number(row.id),
    kind: KIND_NAMES[row.kind],
    title: row.title ?? '',
    lastSeq: Number(row.last_seq),
    supportUserId: row.support_user_id === null ? 0 : Number(row.support_user_id),
    waitingSince: fromDbTime(row.waiting_since),
    createdAt: fromDbTime(row.created_at) ?? new Date(0),
    updatedAt: fromDbTime(row.updated_at) ?? new Date(0),
  };
}

function toMember(row: Selectable<MessagesSchema['conversation_members']>): MemberRecord {
  return {
    conversationId: Number(row.conversation_id),
    userId: Number(row.user_id),
    role: ROLE_NAMES[row.role],
    joinedAt: fromDbTime(row.joined_at),
    lastDeliveredSeq: Number(row.last_delivered_seq),
    lastReadSeq: Number(row.last_read_seq),
  };
}

function toMessage(row: Selectable<MessagesSchema['messages']>): Message {
  return {
    id: Number(row.id),
    conversationId: Number(row.conversation_id),
    seq: Number(row.seq),
    authorId: Number(row.user_id),
    body: row.body,
    clientId: row.client_id ?? '',
    status: Number(row.status_id) as MessageStatus,
    isFromSupport: Number(row.is_from_support) === 1,
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
    editedAt: fromDbTime(row.edited_at),
    deletedAt: fromDbTime(row.deleted_at),
  };
}

/** A unique index refused the row (MySQL ER_DUP_ENTRY, SQLite SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY). */
function isDuplicate(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown };
  return e?.code === 'ER_DUP_ENTRY' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** MySQL chose this transaction as a deadlock victim: it rolled back and may simply run again. */
function isDeadlock(error: unknown): boolean {
  const e = error as { code?: unknown };
  return e?.code === 'ER_LOCK_DEADLOCK';
}

export interface SqlChatStoreOptions {
  db: Kysely<MessagesSchema>;
  dialect: Dialect;
  events: EventLog;
}

/** ChatStore over Kysely: the same statements on MySQL/MariaDB and SQLite. */
export class SqlChatStore implements ChatStore {
  private readonly db: Kysely<MessagesSchema>;
  private readonly dialect: Dialect;
  private readonly events: EventLog;
  private generalId: number | undefined;

  constructor(options: SqlChatStoreOptions) {
    this.db = options.db;
    this.dialect = options.dialect;
    this.events = options.events;
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

  async getMember(conversationId: number, userId: number): Promise<MemberRecord | undefined> {
    const row = await this.db
      .selectFrom('conversation_members')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .where('left_at', 'is', null)
      .executeTakeFirst();
    return row && toMember(row);
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

  async conversationsOf(userId: number, offset: number, limit: number): Promise<ConversationRecord[]> {
    const rows = await this.db
      .selectFrom('conversations as c')
      .innerJoin('conversation_members as m', 'm.conversation_id', 'c.id')
      .selectAll('c')
      .where('m.user_id', '=', userId)
      .where('m.left_at', 'is', null)
      .orderBy('c.updated_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(toConversation);
  }

  async rooms(offset: number, limit: number): Promise<ConversationRecord[]> {
    const rows = await this.db
      .selectFrom('conversations')
      .selectAll()
      .where('kind', '=', 'room')
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(toConversation);
  }

  async supportQueue(includeAnswered: boolean, offset: number, limit: number): Promise<ConversationRecord[]> {
    let query = this.db.selectFrom('conversations').selectAll().where('kind', '=', 'support');
    if (!includeAnswered) query = query.where('waiting_since', 'is not', null);
    const rows = await query
      .orderBy(sql`case when waiting_since is null then 1 else 0 end`)
      .orderBy('waiting_since')
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .offset(offset)
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
      await this.joinMember(trx, conversation, userId, role, existing !== undefined, now);
      emit({ type: MessagesEventType.MESSAGES_EVENT_TYPE_MEMBER_JOINED, conversationId, conversationKind: conversation.kind, userId });
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
        await this.joinMember(trx, conversation, userId, MemberRole.MEMBER_ROLE_MEMBER, false, now);
        emit({ type: MessagesEventType.MESSAGES_EVENT_TYPE_MEMBER_JOINED, conversationId, conversationKind: conversation.kind, userId });
        return true;
      });
    } catch (error) {
      if (isDuplicate(error)) return false; // another replica or the registration feed got there first
      throw error;
    }
  }

  async removeMember(conversationId: number, userId: number): Promise<boolean> {
    return this.write(async (trx, emit, now) => {
      const result = await trx
        .updateTable('conversation_members')
        .set({ left_at: toDbTime(now) })
        .where('conversation_id', '=', conversationId)
        .where('user_id', '=', userId)
        .where('left_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      const conversation = await this.conversationIn(trx, conversationId);
      emit({ type: MessagesEventType.MESSAGES_EVENT_TYPE_MEMBER_LEFT, conversationId, conversationKind: conversation.kind, userId });
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

  /** A joining member has seen what came before: their markers start at the newest message. */
  private async joinMember(trx: Trx, conversation: ConversationRecord, userId: number, role: MemberRole, rejoin: boolean, now: Date) {
    const values = {
      role: nameOf(ROLE_NAMES, role),
      joined_at: toDbTime(now),
      left_at: null,
      last_delivered_seq: conversation.lastSeq,
      last_read_seq: conversation.lastSeq,
    };
    if (rejoin) {
      await trx
        .updateTable('conversation_members')
        .set(values)
        .where('conversation_id', '=', conversation.id)
        .where('user_id', '=', userId)
        .execute();
    } else {
      await trx.insertInto('conversation_members').values({ conversation_id: conversation.id, user_id: userId, ...values }).execute();
    }
  }

  async sendMessage(input: NewMessage): Promise<Outcome<Message>> {
    if (input.clientId) {
      const first = await this.byClientId(input);
      if (first) return { value: first, created: false };
    }
    try {
      return { value: await this.queueSend(input), created: true };
    } catch (error) {
      // The same key raced in from a concurrent retry: its transaction won, ours rolled back.
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
  private readonly waitingSends: { input: NewMessage; resolve: (m: Message) => void; reject: (e: unknown) => void }[] = [];
  private draining = false;

  private queueSend(input: NewMessage): Promise<Message> {
    return new Promise((resolve, reject) => {
      this.waitingSends.push({ input, resolve, reject });
      if (!this.draining) void this.drainSends();
    });
  }

  private async drainSends(): Promise<void> {
    this.draining = true;
    try {
      while (this.waitingSends.length > 0) {
        const batch = this.waitingSends.splice(0, MAX_SENDS_PER_COMMIT);
        try {
          const stored = await this.write(async (trx, emit, now) => {
            const messages: Message[] = [];
            for (const { input } of batch) messages.push(await this.insertMessage(trx, input, emit, now));
            return messages;
          });
          batch.forEach((send, i) => send.resolve(stored[i]));
        } catch (error) {
          if (batch.length === 1) {
            batch[0].reject(error);
            continue;
          }
          for (const send of batch) {
            await this.write((trx, emit, now) => this.insertMessage(trx, send.input, emit, now)).then(send.resolve, send.reject);
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

  /**
   * The send path. The UPDATE of last_seq takes the conversation's row lock, so concurrent
   * senders to one conversation queue here and each reads the seq it just made: gapless,
   * strictly increasing, in commit order.
   */
  private async insertMessage(trx: Trx, input: NewMessage, emit: Emit, now: Date): Promise<Message> {
    const at = toDbTime(now);
    const wait =
      input.supportWait === 'start'
        ? { waiting_since: sql<string>`coalesce(waiting_since, ${at})` }
        : input.supportWait === 'stop'
          ? { waiting_since: null }
          : {};
    const bumped = await trx
      .updateTable('conversations')
      .set({ last_seq: sql<number>`last_seq + 1`, updated_at: at, ...wait })
      .where('id', '=', input.conversationId)
      .executeTakeFirst();
    if (Number(bumped.numUpdatedRows) === 0) throw notFound('conversation', 'CONVERSATION_NOT_FOUND');
    const conversation = await this.conversationIn(trx, input.conversationId);
    const seq = conversation.lastSeq;
    const inserted = await trx
      .insertInto('messages')
      .values({
        conversation_id: input.conversationId,
        seq,
        user_id: input.authorId,
        body: input.body,
        client_id: input.clientId || null,
        status_id: MessageStatus.MESSAGE_STATUS_SENT,
        is_from_support: input.isFromSupport ? 1 : 0,
        created_at: at,
        updated_at: at,
      })
      .executeTakeFirstOrThrow();
    const message: Message = {
      id: Number(inserted.insertId),
      conversationId: input.conversationId,
      seq,
      authorId: input.authorId,
      body: input.body,
      clientId: input.clientId,
      status: MessageStatus.MESSAGE_STATUS_SENT,
      isFromSupport: input.isFromSupport,
      createdAt: now,
      updatedAt: now,
      editedAt: undefined,
      deletedAt: undefined,
    };
    emit({ type: MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_ADDED, conversationId: conversation.id, conversationKind: conversation.kind, message });

    if (input.joinAs !== undefined) {
      const ever = await trx
        .selectFrom('conversation_members')
        .select('user_id')
        .where('conversation_id', '=', conversation.id)
        .where('user_id', '=', input.authorId)
        .executeTakeFirst();
      await this.joinMember(trx, conversation, input.authorId, input.joinAs, ever !== undefined, now);
      emit({
        type: MessagesEventType.MESSAGES_EVENT_TYPE_MEMBER_JOINED,
        conversationId: conversation.id,
        conversationKind: conversation.kind,
        userId: input.authorId,
      });
    } else {
      // Writing means having seen the conversation: the author's markers move to their message.
      await this.moveMarkersIn(trx, conversation, input.authorId, seq, seq, emit, true);
    }
    return message;
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
      const conversation = await this.conversationIn(trx, conversationId);
      await this.moveMarkersIn(trx, conversation, userId, delivered, read, emit, false);
      const row = await trx
        .selectFrom('conversation_members')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .where('user_id', '=', userId)
        .where('left_at', 'is', null)
        .executeTakeFirst();
      if (!row) throw notFound('conversation', 'CONVERSATION_NOT_FOUND');
      return toMember(row);
    });
  }

  /**
   * Moves one member's markers and brings the stored status of the messages they passed in
   * step: per author, every message up to the lowest marker among the *other* members is
   * delivered (or read), in one UPDATE over the seq range. `bySending`: the move is the
   * author's own message, and is only announced when it skipped over others' messages.
   */
  private async moveMarkersIn(
    trx: Trx,
    conversation: ConversationRecord,
    userId: number,
    delivered: number,
    read: number,
    emit: Emit,
    bySending: boolean,
  ): Promise<void> {
    let current = trx
      .selectFrom('conversation_members')
      .selectAll()
      .where('conversation_id', '=', conversation.id)
      .where('user_id', '=', userId)
      .where('left_at', 'is', null);
    // Concurrent marks of one member must not both move from the same old value.
    if (this.dialect === 'mysql') current = current.forUpdate();
    const row = await current.executeTakeFirst();
    if (!row) return;
    const before = toMember(row);
    const after = advanceMarkers(before, conversation.lastSeq, delivered, read);
    if (after.lastDeliveredSeq === before.lastDeliveredSeq && after.lastReadSeq === before.lastReadSeq) return;
    await trx
      .updateTable('conversation_members')
      .set({ last_delivered_seq: after.lastDeliveredSeq, last_read_seq: after.lastReadSeq })
      .where('conversation_id', '=', conversation.id)
      .where('user_id', '=', userId)
      .execute();
    // Sending right after the previous message passes over nothing but the author's own.
    if (bySending && before.lastReadSeq >= read - 1) return;

    const kind = conversation.kind;
    const authors = await trx
      .selectFrom('messages')
      .select('user_id')
      .distinct()
      .where('conversation_id', '=', conversation.id)
      .where('seq', '>', before.lastReadSeq)
      .where('seq', '<=', after.lastDeliveredSeq)
      .where('user_id', '!=', userId)
      .execute();
    if (authors.length > 0) {
      const members = (
        await trx
          .selectFrom('conversation_members')
          .selectAll()
          .where('conversation_id', '=', conversation.id)
          .where('left_at', 'is', null)
          .execute()
      ).map(toMember);
      for (const { user_id } of authors) {
        const author = Number(user_id);
        const { deliveredUpTo, readUpTo } = statusThresholds(members.filter((m) => m.userId !== author));
        // Read first: a message that jumps straight from sent to read is announced once.
        // Statuses only move forward, so a reader applies each announcement as a maximum.
        const upgrades: [MessageStatus, number, number, MessageStatus[]][] = [
          [MessageStatus.MESSAGE_STATUS_READ, before.lastReadSeq, readUpTo, [MessageStatus.MESSAGE_STATUS_SENT, MessageStatus.MESSAGE_STATUS_DELIVERED]],
          [MessageStatus.MESSAGE_STATUS_DELIVERED, before.lastDeliveredSeq, deliveredUpTo, [MessageStatus.MESSAGE_STATUS_SENT]],
        ];
        for (const [status, from, upTo, fromStatuses] of upgrades) {
          if (upTo <= from) continue;
          const result = await trx
            .updateTable('messages')
            .set({ status_id: status })
            .where('conversation_id', '=', conversation.id)
            .where('user_id', '=', author)
            .where('seq', '>', from)
            .where('seq', '<=', upTo)
            .where('status_id', 'in', fromStatuses)
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) > 0) {
            emit({
              type: MessagesEventType.MESSAGES_EVENT_TYPE_MESSAGE_STATUS_CHANGED,
              conversationId: conversation.id,
              conversationKind: kind,
              userId: author,
              upToSeq: upTo,
              status,
            });
          }
        }
      }
    }
    emit({ type: MessagesEventType.MESSAGES_EVENT_TYPE_MARKER_MOVED, conversationId: conversation.id, conversationKind: kind, userId });
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
