import { fromDbTime, type Dialect } from '@charla/platform';
import { sql, type Kysely, type Selectable } from 'kysely';
import { dayOf, fold, matches, type SearchCursor, type SearchTerms } from '../domain/search';
import type { Message } from '../domain/types';
import { withAttachments } from './attachments';
import { SEARCH_CONVERSATION_PREFIX, SEARCH_DAY_PREFIX } from './migrations-search';
import { toMessage } from './rows';
import type { MessagesSchema } from './schema';

export interface SearchQuery {
  terms: SearchTerms;
  /** Conversations this user is a member of now. */
  userId: number;
  /** Only this conversation; 0 for all of the user's. */
  conversationId: number;
  /** Only messages after this one in the results' order (the next page); undefined for the first. */
  before: SearchCursor | undefined;
  limit: number;
}

/** The search port: one implementation per dialect, each over the database's own full-text index. */
export interface SearchStore {
  /** Messages matching every word (the last also as a prefix), newest first, not deleted. */
  searchMessages(query: SearchQuery): Promise<Message[]>;
}

type MessageRow = Selectable<MessagesSchema['messages']>;

/** Candidates in the results' order, after the cursor, at most `batch` of them. */
type Candidates = (after: SearchCursor | undefined, batch: number) => Promise<MessageRow[]>;

/** The messages a search may find, every dialect: in the user's current conversations, not deleted. */
function inScope(db: Kysely<MessagesSchema>, query: SearchQuery) {
  let q = db
    .selectFrom('messages as m')
    .innerJoin('conversation_members as cm', (join) =>
      join.onRef('cm.conversation_id', '=', 'm.conversation_id').on('cm.user_id', '=', query.userId).on('cm.left_at', 'is', null),
    )
    .where('m.deleted_at', 'is', null);
  if (query.conversationId > 0) q = q.where('m.conversation_id', '=', query.conversationId);
  return q;
}

const scoped = (db: Kysely<MessagesSchema>, query: SearchQuery) => inScope(db, query).selectAll('m');

/**
 * Reads candidates until `limit` match (the index finds them; `matches` is the rule) or none are
 * left: a batch the rule thins out is followed by the next, below its last row, so every page is
 * exact. Returns the cursor after the last candidate read.
 */
async function collect(candidates: Candidates, terms: SearchTerms, after: SearchCursor | undefined, limit: number, found: Message[], least = 20): Promise<SearchCursor | undefined> {
  let cursor = after;
  while (found.length < limit) {
    const batch = Math.max(least, (limit - found.length) * 2);
    const rows = await candidates(cursor, batch);
    for (const row of rows) {
      const message = toMessage(row);
      cursor = { id: message.id, day: dayOf(message.createdAt) };
      if (found.length < limit && matches(message.body, terms)) found.push(message);
    }
    if (rows.length < batch) break;
  }
  return cursor;
}

/** Rows read straight, newest first, before the index is asked: a common word fills its page here. */
const STRAIGHT_ROWS = 4_096;
/**
 * The rest of the history is asked at once when the rows read straight say it costs about this
 * many rows at most (~35 ms): a window of days asks a term per conversation, word and day (~60 µs
 * each at a million messages), so four days of a member of 80 cost more than all of the rest's
 * terms by conversation; what the rest adds is its rows.
 */
const REST_ROWS = 500;
/**
 * Candidates a statement of the index is asked for, at least: it reads every row its terms match
 * whatever it is asked for (and sorts them), so a batch the rule thins out and the next that asks
 * it again read them all twice; a hundred rows more sent cost less than that.
 */
const INDEX_BATCH = 100;
/**
 * A row the index hands over costs MariaDB what about this many entries of a word's list do
 * (~70 µs a row, ~1–2 µs an entry): a word this much commoner than the query's rarest is left
 * to LIKE and the rule, its lists would cost more than the rows it rules out.
 */
const ENTRIES_PER_ROW = 30;
/** Conversations in one statement: a caller in more is searched a chunk at a time. */
const CONVERSATIONS_PER_STATEMENT = 100;
/**
 * Statements of the index a search runs side by side, its conversations split among them: a
 * statement waits on the disk for most rows the index hands over (the table and the index are
 * several times the buffer pool), one connection a read at a time, so four chunks of a member
 * of 80 wait side by side (p99 ~100 → ~60 ms here, MariaDB's CPU a search the same). More than
 * four cost more CPU than they save waiting on 2 cores.
 */
const SIDE_BY_SIDE = 4;
/** Terms in one statement, at most: a window by day asks a term per conversation, word and day. */
const TERMS_PER_STATEMENT = 1_000;
/** InnoDB's longest indexed word (innodb_ft_max_token_size's default and maximum). */
const MAX_TOKEN = 84;
const DAY_MS = 86_400_000;
/** A word LIKE may narrow by: its fold is plain ASCII, where the collation and the rule agree. */
const plain = (w: string) => /^[a-z0-9]+$/.test(w);

/** Newest first as MySQL/MariaDB orders results: by day, then id. */
const newestFirst = (a: MessageRow, b: MessageRow) => dayOf(fromDbTime(b.created_at)!) - dayOf(fromDbTime(a.created_at)!) || Number(b.id) - Number(a.id);

/** Whether a message (its id and day) comes after the cursor in the results' order, as `below` asks MySQL/MariaDB. */
const isBelow = (id: number, day: number, after: SearchCursor | undefined) =>
  after === undefined || (after.day === undefined ? id < after.id : day < after.day || (day === after.day && id < after.id));

/**
 * MySQL/MariaDB: each word of a body is indexed as `c<conversation>_<word>` and
 * `c<conversation>d<day>_<word>` (migrations-search.ts), so a search asks for the caller's
 * conversations' terms (`+(c12_cafe c15_cafe …) +(c12_man* c15_man* …)`) and the index
 * intersects them before any row is read: it hands over the caller's matches only. It orders by
 * nothing and stops at nothing, and it reads the whole list of every term asked, so a statement
 * is bounded by the days it asks. Results are ordered by the day they were written, then id,
 * both descending. A search reads the caller's rows among the newest 4,096 straight first (a
 * common word fills its page there, where a day of it would be thousands of rows), and counts in
 * them the rows with each word; by those counts a word much commoner than the rarest is left to LIKE and the rule,
 * and the rest of the history is asked at once when its rows and lists would cost at most
 * REST_ROWS rows, else the rest of the newest day and then windows of whole days sized by the
 * matches a day so far. A word too long for InnoDB's index with its prefix is narrowed by LIKE
 * under the body's collation instead; the rule always decides.
 */
function mysqlSearch(db: Kysely<MessagesSchema>): SearchStore {
  // The newest message below `id` (of all when undefined), and the oldest: one primary-key step each.
  const end = async (order: 'asc' | 'desc', below?: number): Promise<{ id: number; at: Date } | undefined> => {
    let q = db.selectFrom('messages').select(['id', 'created_at']);
    if (below !== undefined) q = q.where('id', '<', below);
    const row = await q.orderBy('id', order).limit(1).executeTakeFirst();
    return row && { id: Number(row.id), at: fromDbTime(row.created_at)! };
  };
  const conversationsOf = async (query: SearchQuery): Promise<number[]> => {
    if (query.conversationId > 0) return [query.conversationId];
    const rows = await db.selectFrom('conversation_members').select('conversation_id').where('user_id', '=', query.userId).where('left_at', 'is', null).execute();
    return rows.map((row) => Number(row.conversation_id));
  };

  return {
    async searchMessages(query) {
      const [oldest, newest, conversations] = await Promise.all([end('asc'), end('desc', query.before?.id), conversationsOf(query)]);
      if (!oldest || !newest || conversations.length === 0) return [];
      const { words } = query.terms;
      const perStatement = Math.min(CONVERSATIONS_PER_STATEMENT, Math.ceil(conversations.length / SIDE_BY_SIDE));
      // The longest prefix a word is indexed with; a word that does not fit is InnoDB's to drop.
      const longestPrefix = `${SEARCH_CONVERSATION_PREFIX}${Math.max(...conversations)}${SEARCH_DAY_PREFIX}${dayOf(new Date()) + 1}_`.length;
      const indexed = words.map((w, i) => ({ w, prefix: i === words.length - 1 })).filter(({ w }) => [...w].length <= MAX_TOKEN - longestPrefix);
      const unindexed = words.filter((w) => !indexed.some((i) => i.w === w));
      const day = sql<number>`TO_DAYS(m.created_at)`;
      /** Below the cursor in the results' order. */
      const below = (q: ReturnType<typeof scoped>, after: SearchCursor | undefined) => {
        if (after?.day !== undefined) {
          const { id, day: at } = after;
          return q.where((eb) => eb.or([eb(day, '<', at), eb.and([eb(day, '=', at), eb('m.id', '<', id)])]));
        }
        return after ? q.where('m.id', '<', after.id) : q;
      };
      const newestFirstBelow = (q: ReturnType<typeof scoped>, after: SearchCursor | undefined, batch: number) => below(q, after).orderBy(day, 'desc').orderBy('m.id', 'desc').limit(batch).execute();
      /**
       * Candidates with the `asked` words in the caller's conversations, on these days (all of them
       * when undefined); LIKE narrows by the words `left` to it (those whose fold is plain ASCII,
       * and those too long for the index), the rule decides.
       */
      const candidates =
        (asked: typeof indexed, left: string[]) =>
        (days: number[] | undefined): Candidates =>
        async (after, batch) => {
          const statements = [];
          for (let at = 0; at < conversations.length; at += perStatement) {
            const chunk = conversations.slice(at, at + perStatement);
            // A word in any of the chunk's conversations (on any of the days): words are letters and
            // digits only (searchTerms), so none is an operator.
            const scopes = chunk.flatMap((c) => (days ? days.map((d) => `${SEARCH_CONVERSATION_PREFIX}${c}${SEARCH_DAY_PREFIX}${d}`) : [`${SEARCH_CONVERSATION_PREFIX}${c}`]));
            const against = asked.map(({ w, prefix }) => `+(${scopes.map((scope) => `${scope}_${w}${prefix ? '*' : ''}`).join(' ')})`).join(' ');
            let q = scoped(db, query).where(sql<boolean>`MATCH(m.search_terms) AGAINST (${against} IN BOOLEAN MODE)`);
            for (const word of left.filter((w) => plain(w) || unindexed.includes(w))) q = q.where('m.body', 'like', `%${word}%`);
            statements.push(newestFirstBelow(q, after, batch));
          }
          // The newest `batch` of every chunk's newest `batch`.
          return (await Promise.all(statements)).flat().sort(newestFirst).slice(0, batch);
        };
      const found: Message[] = [];
      if (indexed.length === 0) {
        // Every word too long for the index: LIKE narrows, the rule decides.
        const unmatched: Candidates = (after, batch) => {
          let q = scoped(db, query);
          for (const word of unindexed) q = q.where('m.body', 'like', `%${word}%`);
          return newestFirstBelow(q, after, batch);
        };
        await collect(unmatched, query.terms, query.before, query.limit, found);
        return withAttachments(db, found);
      }

      // The newest rows below the cursor (or of all), read straight without the full-text index in
      // one statement: a range of the primary key, the caller's conversations picked by their ids
      // (the memberships just read), the words left to the rule here. Those of the anchor's day
      // below the cursor are the first candidates, in the results' order: a common word fills its
      // page here. On a first page they include a later day than the newest message's (clocks of
      // replicas that disagree by moments could have written one). All of them say how many rows
      // have each word: what a word's lists will cost.
      const anchor = { id: query.before?.id ?? newest.id + 1, day: query.before?.day ?? dayOf(newest.at) };
      const from = Math.max(oldest.id, anchor.id - STRAIGHT_ROWS);
      // (By the primary key: asked for the conversations' ids, the optimizer would look each one up
      // in every index that starts with conversation_id before it chose the same range.)
      const { rows: newestRows } = await sql<MessageRow>`
        SELECT m.* FROM messages AS m FORCE INDEX (PRIMARY)
        WHERE m.id >= ${from} AND m.id < ${anchor.id} AND m.conversation_id IN (${sql.join(conversations)}) AND m.deleted_at IS NULL`.execute(db);
      // A word's rows counted as LIKE '%word%' would (the costs below are in those); a row without
      // a word whose fold is plain ASCII cannot match it (as LIKE narrows below), the rule decides.
      const withWord = indexed.map(() => 0);
      const straight: { row: MessageRow; day: number }[] = [];
      for (const row of newestRows) {
        const body = fold(row.body);
        const has = indexed.map(({ w }) => body.includes(w));
        has.forEach((yes, i) => (withWord[i] += yes ? 1 : 0));
        const day = dayOf(fromDbTime(row.created_at)!);
        if (day >= anchor.day && isBelow(Number(row.id), day, query.before) && words.every((w) => !plain(w) || body.includes(w))) straight.push({ row, day });
      }
      straight.sort((a, b) => b.day - a.day || Number(b.row.id) - Number(a.row.id));
      for (const { row } of straight) if (found.length < query.limit && matches(row.body, query.terms)) found.push(toMessage(row));
      let cursor: SearchCursor = { id: from, day: anchor.day };
      // The days read straight (by messages a day from the oldest to the newest), and so a word's
      // rows a day, half a row more than seen: an unseen word is not free.
      const perDayOfIds = (newest.id - oldest.id + 1) / Math.max(1 / 24, (newest.at.getTime() - oldest.at.getTime()) / DAY_MS);
      let read = Math.max(1 / 24, (anchor.id - from) / perDayOfIds);
      const seen = withWord.map((rows) => rows + 0.5);
      const rarest = Math.min(...seen);
      const asked = indexed.filter((_, i) => seen[i] <= ENTRIES_PER_ROW * rarest);
      const left = words.filter((w) => !asked.some((t) => t.w === w));
      // What a day of the index costs, in rows: the rows it hands over (the matches, when it is
      // asked every word; else about the rarest's rows) and the lists of the words asked.
      const sampled = read;
      const lists = asked.reduce((sum, t) => sum + seen[indexed.indexOf(t)], 0) / ENTRIES_PER_ROW / sampled;
      const costPerDay = () => (asked.length === indexed.length && unindexed.length === 0 ? (found.length + 0.5) / read : rarest / sampled) + lists;
      const windows = candidates(asked, left);
      // Ids and clocks may disagree by moments: a day before the oldest message's.
      const bottom = dayOf(oldest.at) - 1;
      let at = anchor.day;
      while (found.length < query.limit && at >= bottom) {
        const daysLeft = at - bottom + 1;
        if (costPerDay() * daysLeft <= REST_ROWS) {
          await collect(windows(undefined), query.terms, cursor, query.limit, found, INDEX_BATCH);
          break;
        }
        // The rest of the anchor's day first; then as many days as the matches a day say fill the
        // page, half again to spare, at most doubling the days read (the newest day is rarely whole).
        const widest = Math.floor(TERMS_PER_STATEMENT / (perStatement * asked.length));
        const perDay = (found.length + 0.5) / read;
        const width = at === anchor.day ? 1 : Math.max(1, Math.min(daysLeft, widest, Math.ceil(read), Math.ceil((1.5 * (query.limit - found.length)) / perDay)));
        cursor = (await collect(windows(Array.from({ length: width }, (_, i) => at - i)), query.terms, cursor, query.limit, found, INDEX_BATCH)) ?? cursor;
        read = at === anchor.day ? Math.max(read, 1) : read + width;
        at -= width;
      }
      return withAttachments(db, found);
    },
  };
}

/** FTS5 query syntax: each word quoted (a word is letters and digits, but quoting keeps it a plain term), the last a prefix. */
function ftsQuery(terms: SearchTerms): string {
  return terms.words.map((w, i) => `"${w.replace(/"/g, '""')}"${i === terms.words.length - 1 ? '*' : ''}`).join(' ');
}

/** SQLite: FTS5 over the body (remove_diacritics), newest first by id. */
function sqliteSearch(db: Kysely<MessagesSchema>): SearchStore {
  return {
    async searchMessages(query) {
      const candidates: Candidates = (after, batch) => {
        let q = scoped(db, query).where('m.id', 'in', sql<number>`(SELECT rowid FROM messages_fts WHERE messages_fts MATCH ${ftsQuery(query.terms)})`);
        if (after) q = q.where('m.id', '<', after.id);
        return q.orderBy('m.id', 'desc').limit(batch).execute();
      };
      const found: Message[] = [];
      await collect(candidates, query.terms, query.before, query.limit, found);
      return withAttachments(db, found);
    },
  };
}

export function searchStore(db: Kysely<MessagesSchema>, dialect: Dialect): SearchStore {
  return dialect === 'mysql' ? mysqlSearch(db) : sqliteSearch(db);
}
