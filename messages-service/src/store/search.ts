import { fromDbTime, type Dialect } from '@charla/platform';
import { sql, type Kysely, type Selectable } from 'kysely';
import { dayOf, foldedWords, matches, type SearchCursor, type SearchTerms } from '../domain/search';
import type { Message } from '../domain/types';
import { withAttachments } from './attachments';
import { SEARCH_DAY_PREFIX, SEARCH_MONTH_PREFIX } from './migrations-search';
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

/** Rows read straight at first, doubling while they promise to fill the page, at most this many in all. */
const RECENT_FIRST = 1_024;
const RECENT_MOST = 16_384;
/** The most days asked together, by day. */
const DAYS_MOST = 8;
/** The newest bodies, sampled at most this often, tell a common word from a rare one. */
const SAMPLE_SIZE = 1_000;
const SAMPLE_MS = 10_000;
/**
 * A row the index hands over costs MariaDB about what this many entries of a word's list do
 * (measured on MariaDB 10.11: ~0.5 µs an entry of a word, ~2 µs of a prefix's words; a row ~55 µs
 * in the buffer pool, ~180 µs read from disk, ~100 µs at a million messages, most not in the pool).
 */
const ENTRIES_PER_ROW = { word: 200, prefix: 50 };

/** A TO_DAYS day's UTC month as YYYYMM, as MySQL's EXTRACT(YEAR_MONTH) gives it. */
function monthOf(day: number): number {
  const at = new Date((day - dayOf(new Date(0))) * 86_400_000);
  return at.getUTCFullYear() * 100 + at.getUTCMonth() + 1;
}

/** The TO_DAYS day a YYYYMM month starts on. */
function monthStart(month: number): number {
  return dayOf(new Date(Date.UTC(Math.floor(month / 100), (month % 100) - 1, 1)));
}

/**
 * MySQL/MariaDB: results are ordered by the day they were written, then id, both descending
 * (newest first; the day leads so that a day's words are one index term each, see
 * migrations-search.ts). A search reads the newest rows straight first (a common word is done
 * there), then asks the index for the newest day, then as many days together as the matches
 * found so far say fill the page, and once under a match a day, month by month (the rest of the
 * month, the month before, then two, four, … months together); it stops once its page is full.
 * What a window costs MariaDB is the rows the index hands over (every message of the window
 * with the words, whoever's it is) and the lists of the words it is asked: so windows are no
 * wider than the page needs, and a word much commoner than the rarest is left to the rule.
 * A word too long for InnoDB's index (84 characters with its day) is narrowed by LIKE under the
 * body's collation instead, and the rule decides.
 */
function mysqlSearch(db: Kysely<MessagesSchema>): SearchStore {
  const MAX_INDEXED = 84 - Math.max(`${SEARCH_DAY_PREFIX}${dayOf(new Date())}_`.length, `${SEARCH_MONTH_PREFIX}${monthOf(dayOf(new Date()))}_`.length);
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

  // The words of the newest bodies, read again at most every SAMPLE_MS (one primary-key range)
  // while searches go on with the sample before: only the first search waits for one.
  let sample: { at: number; bodies: Promise<string[][]> } | undefined;
  let next: Promise<string[][]> | undefined;
  const sampled = async () => {
    if (!next && (!sample || Date.now() - sample.at > SAMPLE_MS)) {
      const taken = { at: Date.now(), bodies: db.selectFrom('messages').select('body').where('deleted_at', 'is', null).orderBy('id', 'desc').limit(SAMPLE_SIZE).execute().then((rows) => rows.map((row) => foldedWords(row.body))) };
      next = taken.bodies;
      // A failed read is not kept: a later search reads again.
      taken.bodies.then(() => (sample = taken), () => undefined).finally(() => (next = undefined));
    }
    return sample?.bodies ?? next!;
  };

  return {
    async searchMessages(query) {
      const bottom = await oldestDay();
      if (bottom === undefined) return [];
      const { words } = query.terms;
      const plain = (w: string) => /^[a-z0-9]+$/.test(w);
      // The index is asked for the rarest word and for those whose lists cost less than the rows
      // they rule out (InnoDB reads the whole list of every word it is asked, in every day or
      // month asked, and a row it hands over costs as much as ENTRIES_PER_ROW entries): a word in
      // half the messages beside one in a thousand is left to the rule, and to LIKE when its
      // fold is plain ASCII (the collation and the rule agree on those). A word too long for
      // the index is always LIKE's.
      const bodies = await sampled();
      const share = (w: string, prefix: boolean) => bodies.filter((ws) => ws.some((x) => (prefix ? x.startsWith(w) : x === w))).length / Math.max(1, bodies.length);
      const fitting = words
        .map((w, i) => ({ w, prefix: i === words.length - 1 }))
        .filter(({ w }) => [...w].length <= MAX_INDEXED)
        .map((t) => ({ ...t, share: share(t.w, t.prefix) }));
      // A word the sample lacks is taken to be in half a sample's worth.
      const rarest = Math.max(0.5 / SAMPLE_SIZE, Math.min(...fitting.map((t) => t.share)));
      const indexed = fitting.filter((t) => t.share <= rarest * (1 - t.share) * ENTRIES_PER_ROW[t.prefix ? 'prefix' : 'word']);
      const unindexed = words.filter((w) => !indexed.some((i) => i.w === w) && (plain(w) || !fitting.some((f) => f.w === w)));
      const day = sql<number>`TO_DAYS(m.created_at)`;
      /** Candidates whose terms under these periods (`d<day>`, `m<month>`) have every word. */
      const candidates =
        (periods: string[]): Candidates =>
        (after, batch) => {
          let q = scoped(db, query);
          if (periods.length > 0) {
            // Words are letters and digits only (searchTerms), so none is an operator.
            const against = indexed.map(({ w, prefix }) => `+(${periods.map((p) => `${p}_${w}${prefix ? '*' : ''}`).join(' ')})`).join(' ');
            q = q.where(sql<boolean>`MATCH(m.search_terms) AGAINST (${against} IN BOOLEAN MODE)`);
          }
          for (const word of unindexed) q = q.where('m.body', 'like', `%${word}%`);
          if (after?.day !== undefined) {
            const { id, day: at } = after;
            q = q.where((eb) => eb.or([eb(day, '<', at), eb.and([eb(day, '=', at), eb('m.id', '<', id)])]));
          } else if (after) q = q.where('m.id', '<', after.id);
          return q.orderBy(day, 'desc').orderBy('m.id', 'desc').limit(batch).execute();
        };
      const byDay = (days: number[]) => candidates(days.map((d) => `${SEARCH_DAY_PREFIX}${d}`));

      // Reading straight within one day: ids from `from` up to the cursor; LIKE narrows by the
      // words whose fold is plain ASCII (the collation and the rule agree on those), the rule decides.
      const plainWords = words.filter(plain);
      const recent =
        (onDay: number, from: number): Candidates =>
        (after, batch) => {
          let q = scoped(db, query).where(day, '=', onDay).where('m.id', '>=', from).where('m.id', '<', after!.id);
          for (const word of plainWords) q = q.where('m.body', 'like', `%${word}%`);
          return q.orderBy('m.id', 'desc').limit(batch).execute();
        };
      const daysFrom = (from: number, count: number, last: number) => Array.from({ length: Math.min(count, from - last + 1) }, (_, i) => from - i);
      // The index from day `from` down, until the page is full.
      const byIndex = async (from: number, after: SearchCursor | undefined, into: Message[]) => {
        let cursor = after;
        let at = from;
        // By day, as many days as the matches per day so far (the newest rows read straight
        // included) say fill the page, half again to spare, at most DAYS_MOST: the index hands
        // over every message of the window that has the words, whoever's it is, so a window
        // wider than needed costs rows. Under a match a day over two days (the newest is
        // rarely whole), a month is about a page's worth.
        for (let width = 1; at >= bottom && into.length < query.limit; ) {
          cursor = await collect(byDay(daysFrom(at, width, bottom)), query.terms, cursor, query.limit, into);
          at -= width;
          const perDay = into.length / (from - at);
          if (perDay < 1 && from - at >= 2) break;
          // At most doubling the days read so far: the newest day is rarely whole, and a rate from
          // part of it said eight days where two filled the page (thousands of rows at a million).
          width = perDay > 0 ? Math.min(DAYS_MOST, from - at, Math.ceil((1.5 * (query.limit - into.length)) / perDay)) : 1;
        }
        // Then by month: the rest of `at`'s month, the month before, then two, four, … together
        // (the cursor is below every match of the days above `at`, which the month's terms hold too).
        for (let round = 0; at >= bottom && into.length < query.limit; round++) {
          const months = [monthOf(at)];
          while (months.length < 2 ** (round - 1) && monthStart(months.at(-1)!) > bottom) months.push(monthOf(monthStart(months.at(-1)!) - 1));
          cursor = await collect(candidates(months.map((m) => `${SEARCH_MONTH_PREFIX}${m}`)), query.terms, cursor, query.limit, into);
          at = monthStart(months.at(-1)!) - 1;
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
      if (anchor.day === undefined) return withAttachments(db, await byIndex(top, cursor, found));
      if (top > anchor.day) cursor = await collect(byDay(daysFrom(top, top - anchor.day, anchor.day + 1)), query.terms, cursor, query.limit, found);
      // The newest rows of the anchor's day, read in id order without the index, in growing
      // windows while the matches so far say the page fills within RECENT_MOST rows: a common
      // word fills its page here from a few hundred rows in order, where the index would hand
      // over every row of the day that has it; a rarer one goes to the index.
      let below = anchor.id;
      const had = found.length;
      for (let width = RECENT_FIRST, read = 0; found.length < query.limit && read + width <= RECENT_MOST && below > 1; width *= 2) {
        await collect(recent(anchor.day, below - width), query.terms, { id: below, day: anchor.day }, query.limit, found);
        below -= width;
        read += width;
        if (((query.limit - found.length) * read) / (found.length - had) > RECENT_MOST - read) break;
      }
      if (found.length < query.limit) await byIndex(anchor.day, { id: below, day: anchor.day }, found);
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
