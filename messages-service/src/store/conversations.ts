import { TurnBatch, alreadyExists, isDuplicate, notFound, toDbTime } from '@charla/platform';
import { CompiledQuery, sql, type Kysely, type Selectable, type UpdateObject } from 'kysely';
import type { Conversation, Member } from '../domain/types';
import { GENERAL_ROOM } from './migrations';
import { toConversation, toMember, type ChatStoreContext, type Trx } from './rows';
import type { MessagesSchema } from './schema';
import type { ConversationStore } from './store';

/** The conversation as this transaction (or the database) sees it. */
export async function readConversation(db: Kysely<MessagesSchema>, conversationId: number): Promise<Conversation | undefined> {
  const row = await db.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirst();
  return row && toConversation(row);
}

/**
 * The one row lock of a conversation. Every write that changes its seqs, its members or their
 * markers takes it first and holds it until commit, so those writes run one at a time per
 * conversation: senders queue here (seqs stay gapless and in commit order), and no two writers
 * compute statuses from each other's stale markers. An UPDATE takes the lock on both engines
 * (SQLite runs one writer at a time anyway); `changes` (the next seqs, updated_at, the support
 * wait) go in the same statement. Returns the conversation as locked; undefined when there is none.
 */
export async function lockConversation(trx: Trx, conversationId: number, changes: UpdateObject<MessagesSchema, 'conversations'> = {}): Promise<Conversation | undefined> {
  const [lock, read] = conversationLock(trx, conversationId, changes);
  await trx.executeQuery(lock);
  const { rows } = await trx.executeQuery(read);
  return rows[0] && toConversation(rows[0]);
}

/** lockConversation's two statements, for a caller that sends them with others (platform's together.ts). */
export function conversationLock(
  trx: Trx,
  conversationId: number,
  changes: UpdateObject<MessagesSchema, 'conversations'> = {},
): [CompiledQuery, CompiledQuery<Selectable<MessagesSchema['conversations']>>] {
  return [
    trx
      .updateTable('conversations')
      .set({ last_seq: sql<number>`last_seq`, ...changes })
      .where('id', '=', conversationId)
      .compile(),
    trx.selectFrom('conversations').selectAll().where('id', '=', conversationId).compile(),
  ];
}

interface Reach {
  conversationId: number;
  userId: number;
}

type Reached = { conversation: Conversation; membership: Member | undefined; historyVersion: number };

type MemberRow = Selectable<MessagesSchema['conversation_members']>;
type ReachRow = Selectable<MessagesSchema['conversations']> & { [K in 'conversation_id' | 'user_id' | 'role' | 'joined_at' | 'left_at' | 'last_delivered_seq' | 'last_read_seq']: MemberRow[K] | null } & {
  history_version: number | null;
};

const reachStatements = new Map<string, string>();
const marks = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/**
 * reachable()'s statement for so many conversations and users, written once per shape: it runs
 * for every batch of sends, and building it through Kysely's builder cost more than the query.
 * Plain SQL that both engines read alike (no quoted identifiers).
 */
function reachStatement(conversations: number, users: number): string {
  const shape = `${conversations}:${users}`;
  let text = reachStatements.get(shape);
  if (text === undefined) {
    text =
      'select c.*, m.conversation_id, m.user_id, m.role, m.joined_at, m.left_at, m.last_delivered_seq, m.last_read_seq, h.version as history_version from conversations c' +
      ` left join conversation_members m on m.conversation_id = c.id and m.user_id in (${marks(users)}) and m.left_at is null` +
      ` left join history_versions h on h.conversation_id = c.id where c.id in (${marks(conversations)})`;
    if (reachStatements.size < 1_000) reachStatements.set(shape, text);
  }
  return text;
}

/** For each (conversation, user): the conversation, the user's current membership and the history's version, in one query for them all. */
async function reachable(db: Kysely<MessagesSchema>, keys: Reach[]): Promise<(Reached | undefined)[]> {
  const users = [...new Set(keys.map((key) => key.userId))];
  const ids = [...new Set(keys.map((key) => key.conversationId))];
  const { rows } = await db.executeQuery<ReachRow>(CompiledQuery.raw(reachStatement(ids.length, users.length), [...users, ...ids]));
  const conversations = new Map<number, Conversation>();
  const versions = new Map<number, number>();
  const members = new Map<string, Member>();
  for (const row of rows) {
    const { conversation_id, user_id, role, joined_at, left_at, last_delivered_seq, last_read_seq, history_version, ...conversation } = row;
    const id = Number(conversation.id);
    if (!conversations.has(id)) {
      conversations.set(id, toConversation(conversation));
      versions.set(id, Number(history_version ?? 0));
    }
    if (conversation_id !== null && user_id !== null && role !== null && joined_at !== null && last_delivered_seq !== null && last_read_seq !== null) {
      members.set(`${id}:${Number(user_id)}`, toMember({ conversation_id, user_id, role, joined_at, left_at, last_delivered_seq, last_read_seq }));
    }
  }
  return keys.map(({ conversationId, userId }) => {
    const conversation = conversations.get(conversationId);
    return conversation && { conversation: { ...conversation }, membership: members.get(`${conversationId}:${userId}`), historyVersion: versions.get(conversationId) ?? 0 };
  });
}

/** The conversation, or NOT_FOUND when it is gone. */
export function found(conversation: Conversation | undefined): Conversation {
  if (!conversation) throw notFound('conversation', 'CONVERSATION_NOT_FOUND');
  return conversation;
}

export function conversationStore({ db, write }: ChatStoreContext): ConversationStore {
  let generalId: number | undefined;
  // Sends and reads that arrive together (a gateway's batch of sends) check access in one query.
  const reached = new TurnBatch<Reach, Reached | undefined>((keys) => reachable(db, keys), 500);

  const store: ConversationStore = {
    async generalRoomId() {
      if (generalId === undefined) {
        const row = await db.selectFrom('conversations').select('id').where('title_key', '=', GENERAL_ROOM).executeTakeFirstOrThrow();
        generalId = Number(row.id);
      }
      return generalId;
    },

    getConversation: (id) => readConversation(db, id),

    async findDirect(directKey) {
      const row = await db.selectFrom('conversations').selectAll().where('direct_key', '=', directKey).executeTakeFirst();
      return row && toConversation(row);
    },

    async findSupport(userId) {
      const row = await db.selectFrom('conversations').selectAll().where('support_user_id', '=', userId).executeTakeFirst();
      return row && toConversation(row);
    },

    conversationOf: (conversationId, userId) => reached.load({ conversationId, userId }),

    async conversationsOf(userId, after, limit) {
      let query = db
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
    },

    async rooms(after, limit) {
      let query = db.selectFrom('conversations').selectAll().where('kind', '=', 'room');
      if (after) query = query.where('id', '>', after.id);
      const rows = await query.orderBy('id').limit(limit).execute();
      return rows.map(toConversation);
    },

    async supportQueue(includeAnswered, after, limit) {
      let query = db.selectFrom('conversations').selectAll().where('kind', '=', 'support');
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
    },

    async createConversation(input) {
      try {
        const created = await write(async (trx, events, now) => {
          const at = toDbTime(now);
          const inserted = await trx
            .insertInto('conversations')
            .values({
              kind: input.kind,
              title: input.title || null,
              title_key: input.kind === 'room' ? input.title.toLowerCase() : null,
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
                  role: m.role,
                  joined_at: at,
                  last_delivered_seq: 0,
                  last_read_seq: 0,
                })),
              )
              .execute();
          }
          events.push({ type: 'conversation_created', conversationId: id, conversationKind: input.kind });
          return found(await readConversation(trx, id));
        });
        return { value: created, created: true };
      } catch (error) {
        if (!isDuplicate(error)) throw error;
        // A concurrent call created the one direct or support conversation first: use it.
        const existing = input.directKey
          ? await store.findDirect(input.directKey)
          : input.supportUserId
            ? await store.findSupport(input.supportUserId)
            : undefined;
        if (existing) return { value: existing, created: false };
        throw alreadyExists('title', 'a room with this title already exists', 'ROOM_EXISTS');
      }
    },
  };
  return store;
}
