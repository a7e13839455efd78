import { fromDbTime, type Dialect } from '@charla/platform';
import { sql, type Kysely, type Selectable } from 'kysely';
import { dayOf, matches, type SearchCursor, type SearchTerms } from '../domain/search';
import type { Message } from '../domain/types';
import { withAttachments } from './attachments';
import { SEARCH_DAY_PREFIX } from './migrations-search';
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

/** The candidates' filter every dialect shares: the user's current conversations, not deleted. */
function scoped(db: Kysely<MessagesSchema>, query: SearchQuery) {
  let q = db
    .selectFrom('messages as m')
    .innerJoin('conversation_members as cm', (join) =>
      join.onRef('cm.conversation_id', '=', 'm.conversation_id').on('cm.user_id', '=', query.userId).on('cm.left_at', 'is', null),
    )
    .selectAll('m')
    .where('m.deleted_at', 'is', null);
  if (query.conversationId > 0) q = q.where('m.conversation_id', '=', query.conversationId);
  return q;
}

/**
 * Reads candidates until `limit` match (the index finds them; `matches` is the rule) or none are
 * left: a batch the rule thins out is followed by the next, below its last row, so every page is
 * exact. Returns the cursor after the last candidate read.
 */
async function collect(candidates: Candidates, terms: SearchTerms, after: SearchCursor | undefined, limit: number, found: Message[]): Promise<SearchCursor | undefined> {
  let cursor = after;
  while (found.length < limit) {
    const batch = Math.max(20, (limit - found.length) * 2);
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

/**
 * MySQL/MariaDB: results are ordered by the day they were written, then id, both descending
 * (newest first; the day leads so that a day's words are one index term each, see
 * migrations-search.ts). A search reads the newest rows straight first (a common word is
 * done there), then asks the index for the newest day, then two, four, … days together, and
 * stops once its page is full, so a word costs the rows of a day or two, not of all time. A word too long for InnoDB's index (84 characters with its day) is narrowed by LIKE
 * under the body's collation instead, and the rule decides.
 */
/** Rows read straight at first, doubling while they give matches, at most this many. */
const RECENT_FIRST = 1_024;
const RECENT_MOST = 16_384;

function mysqlSearch(db: Kysely<MessagesSchema>): SearchStore {
  const MAX_INDEXED = 84 - `${SEARCH_DAY_PREFIX}${dayOf(new Date())}_`.length;
  // The newest message: where a first page starts reading. One primary-key step.
  const newest = async (): Promise<SearchCursor> => {
    const last = await db.selectFrom('messages').select(['id', 'created_at']).orderBy('id', 'desc').limit(1).executeTakeFirst();
    const at = last && fromDbTime(last.created_at);
    return { id: Number(last?.id ?? 0) + 1, day: at ? dayOf(at) : undefined };
  };
  // The oldest message's day, less one: ids and clocks may disagree by moments. One primary-key step.
  const oldestDay = async (): Promise<number | undefined> => {
    const first = await db.selectFrom('messages').select('created_at').orderBy('id').limit(1).executeTakeFirst();
    const at = first && fromDbTime(first.created_at);
    return at ? dayOf(at) - 1 : undefined;
  };

  return {
    async searchMessages(query) {
      const bottom = await oldestDay();
      if (bottom === undefined) return [];
      const { words } = query.terms;
      const indexed = words.map((w, i) => ({ w, prefix: i === words.length - 1 })).filter(({ w }) => [...w].length <= MAX_INDEXED);
      const unindexed = words.filter((w) => !indexed.some((i) => i.w === w));
      const day = sql<number>`TO_DAYS(m.created_at)`;
      const candidates =
        (days: number[]): Candidates =>
        (after, batch) => {
          let q = scoped(db, query);
          if (days.length > 0) {
            // Words are letters and digits only (searchTerms), so none is an operator.
            const against = indexed.map(({ w, prefix }) => `+(${days.map((d) => `${SEARCH_DAY_PREFIX}${d}_${w}${prefix ? '*' : ''}`).join(' ')})`).join(' ');
            q = q.where(sql<boolean>`MATCH(m.search_terms) AGAINST (${against} IN BOOLEAN MODE)`);
          }
          for (const word of unindexed) q = q.where('m.body', 'like', `%${word}%`);
          if (after?.day !== undefined) {
            const { id, day: at } = after;
            q = q.where((eb) => eb.or([eb(day, '<', at), eb.and([eb(day, '=', at), eb('m.id', '<', id)])]));
          } else if (after) q = q.where('m.id', '<', after.id);
          return q.orderBy(day, 'desc').orderBy('m.id', 'desc').limit(batch).execute();
        };

      // Reading straight within one day: ids from `from` up to the cursor; LIKE narrows by the
      // words whose fold is plain ASCII (the collation and the rule agree on those), the rule decides.
      const plainWords = words.filter((w) => /^[a-z0-9]+$/.test(w));
      const recent =
        (onDay: number, from: number): Candidates =>
        (after, batch) => {
          let q = scoped(db, query).where(day, '=', onDay).where('m.id', '>=', from).where('m.id', '<', after!.id);
          for (const word of plainWords) q = q.where('m.body', 'like', `%${word}%`);
          return q.orderBy('m.id', 'desc').limit(batch).execute();
        };
      const daysFrom = (from: number, count: number, last: number) => Array.from({ length: Math.min(count, from - last + 1) }, (_, i) => from - i);
      // The index, newest day first, then two, four, … days together, until the page is full.
      const byDays = async (from: number, after: SearchCursor | undefined, into: Message[]) => {
        let cursor = after;
        for (let at = from, width = 1; at >= bottom && into.length < query.limit; at -= width, width *= 2) {
          cursor = await collect(candidates(daysFrom(at, width, bottom)), query.terms, cursor, query.limit, into);
        }
        return into;
      };

      const found: Message[] = [];
      if (indexed.length === 0) {
        await collect(candidates([]), query.terms, query.before, query.limit, found);
        return withAttachments(db, found);
      }
      let cursor = query.before;
      // A day of clock difference between replicas still finds today's messages.
      const top = Math.min(cursor?.day ?? Infinity, dayOf(new Date()) + 1);
      // Where reading straight starts: below the cursor, or below the newest message (after any
      // day above its own, which clocks that disagree could have written).
      const anchor = cursor ?? (await newest());
      if (anchor.day === undefined) return withAttachments(db, await byDays(top, cursor, found));
      if (top > anchor.day) cursor = await collect(candidates(daysFrom(top, top - anchor.day, anchor.day + 1)), query.terms, cursor, query.limit, found);
      // The newest rows of the anchor's day, read in id order without the index, in growing
      // windows while they keep giving matches: a common word fills its page here from a few
      // hundred rows in order, where the index would hand over every row of the day that has it.
      let below = anchor.id;
      for (let width = RECENT_FIRST; found.length < query.limit && width <= RECENT_MOST && below > 1; width *= 2) {
        const had = found.length;
        await collect(recent(anchor.day, below - width), query.terms, { id: below, day: anchor.day }, query.limit, found);
        below -= width;
        if (found.length === had) break;
      }
      if (found.length < query.limit) await byDays(anchor.day, { id: below, day: anchor.day }, found);
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
