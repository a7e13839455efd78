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
 * migrations-search.ts). A search asks the newest day first, then two, four, … days together,
 * and stops once its page is full, so a common word costs the rows of a day or two, not of all
 * time. A word too long for InnoDB's index (84 characters with its day) is narrowed by LIKE
 * under the body's collation instead, and the rule decides.
 */
function mysqlSearch(db: Kysely<MessagesSchema>): SearchStore {
  const MAX_INDEXED = 84 - `${SEARCH_DAY_PREFIX}${dayOf(new Date())}_`.length;
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

      const found: Message[] = [];
      if (indexed.length === 0) {
        await collect(candidates([]), query.terms, query.before, query.limit, found);
        return withAttachments(db, found);
      }
      let cursor = query.before;
      // A day of clock difference between replicas still finds today's messages.
      const top = Math.min(query.before?.day ?? Infinity, dayOf(new Date()) + 1);
      for (let from = top, width = 1; from >= bottom && found.length < query.limit; from -= width, width *= 2) {
        const days = Array.from({ length: Math.min(width, from - bottom + 1) }, (_, i) => from - i);
        cursor = await collect(candidates(days), query.terms, cursor, query.limit, found);
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
