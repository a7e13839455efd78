import type { Dialect } from '@charla/platform';
import { sql, type Kysely } from 'kysely';
import { matches, type SearchTerms } from '../domain/search';
import type { Message } from '../domain/types';
import { withAttachments } from './attachments';
import { toMessage } from './rows';
import type { MessagesSchema } from './schema';

export interface SearchQuery {
  terms: SearchTerms;
  /** Conversations this user is a member of now. */
  userId: number;
  /** Only this conversation; 0 for all of the user's. */
  conversationId: number;
  /** Only ids below this (the next page); undefined for the first. */
  beforeId: number | undefined;
  limit: number;
}

/** The search port: one implementation per dialect, each over the database's own full-text index. */
export interface SearchStore {
  /** Messages matching every word (the last also as a prefix), newest first, not deleted. */
  searchMessages(query: SearchQuery): Promise<Message[]>;
}

/**
 * The candidates' filter every dialect shares: the user's current conversations, not deleted,
 * below the cursor, newest first.
 */
function scoped(db: Kysely<MessagesSchema>, query: SearchQuery) {
  let q = db
    .selectFrom('messages as m')
    .innerJoin('conversation_members as cm', (join) =>
      join.onRef('cm.conversation_id', '=', 'm.conversation_id').on('cm.user_id', '=', query.userId).on('cm.left_at', 'is', null),
    )
    .selectAll('m')
    .where('m.deleted_at', 'is', null);
  if (query.conversationId > 0) q = q.where('m.conversation_id', '=', query.conversationId);
  if (query.beforeId !== undefined) q = q.where('m.id', '<', query.beforeId);
  return q.orderBy('m.id', 'desc');
}

/**
 * InnoDB's default stopwords and minimum token length (innodb_ft_min_token_size = 3): such
 * words are not in a FULLTEXT index at all, so they cannot be asked of it; LIKE (under the
 * body's accent-insensitive collation) narrows on them instead, and `matches` decides.
 */
const INNODB_STOPWORDS = new Set(
  'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(' '),
);
const MIN_TOKEN = 3;
const MAX_TOKEN = 84;

function mysqlCandidates(db: Kysely<MessagesSchema>, query: SearchQuery, limit: number) {
  const { words } = query.terms;
  const indexed = words.map((w, i) => ({ w, prefix: i === words.length - 1 })).filter(({ w }) => w.length >= MIN_TOKEN && w.length <= MAX_TOKEN && !INNODB_STOPWORDS.has(w));
  let q = scoped(db, query);
  if (indexed.length > 0) {
    // Words are letters and digits only (searchTerms), so none is an operator.
    const boolean = indexed.map(({ w, prefix }) => `+${w}${prefix ? '*' : ''}`).join(' ');
    q = q.where(sql<boolean>`MATCH(m.body) AGAINST (${boolean} IN BOOLEAN MODE)`);
  }
  for (const word of words.filter((w) => !indexed.some((i) => i.w === w))) q = q.where('m.body', 'like', `%${word}%`);
  return q.limit(limit);
}

/** FTS5 query syntax: each word quoted (a word is letters and digits, but quoting keeps it a plain term), the last a prefix. */
function ftsQuery(terms: SearchTerms): string {
  return terms.words.map((w, i) => `"${w.replace(/"/g, '""')}"${i === terms.words.length - 1 ? '*' : ''}`).join(' ');
}

function sqliteCandidates(db: Kysely<MessagesSchema>, query: SearchQuery, limit: number) {
  return scoped(db, query)
    .where('m.id', 'in', sql<number>`(SELECT rowid FROM messages_fts WHERE messages_fts MATCH ${ftsQuery(query.terms)})`)
    .limit(limit);
}

export function searchStore(db: Kysely<MessagesSchema>, dialect: Dialect): SearchStore {
  const candidates = dialect === 'mysql' ? mysqlCandidates : sqliteCandidates;
  return {
    async searchMessages(query) {
      // The index finds candidates; `matches` is the rule (whole words, the last a prefix).
      // Candidates it turns down (a word only inside another, via LIKE) are skipped by
      // reading on below them, a few rounds at most.
      const found: Message[] = [];
      let beforeId = query.beforeId;
      for (let round = 0; round < 5 && found.length < query.limit; round++) {
        const batch = query.limit * 2;
        const rows = await candidates(db, { ...query, beforeId }, batch).execute();
        for (const row of rows) if (found.length < query.limit && matches(row.body, query.terms)) found.push(toMessage(row));
        if (rows.length < batch) break;
        beforeId = Number(rows.at(-1)!.id);
      }
      return withAttachments(db, found);
    },
  };
}
