import { invalidArgument } from '@charla/platform';

/**
 * Search rules shared by every database: what the words of a query are, whether a body
 * matches them (the database's index finds candidates; this is the one definition of a
 * match), and the snippet shown with a result.
 */

export const SEARCH_LIMITS = { queryMax: 200, termsMax: 10, pageDefault: 20, pageMax: 50, snippetChars: 160 } as const;

/** Words as both indexes cut them: runs of letters and digits. */
const WORD = /[\p{L}\p{N}]+/gu;

/** Lower case without accents: "Mañana" → "manana". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** The query's words, folded; the last one also matches as a prefix. */
export interface SearchTerms {
  words: string[];
}

export function searchTerms(value: unknown): SearchTerms {
  if (typeof value !== 'string') throw invalidArgument('query', 'must be a string');
  if ([...value].length > SEARCH_LIMITS.queryMax) throw invalidArgument('query', `must be at most ${SEARCH_LIMITS.queryMax} characters`);
  const words = [...new Set(fold(value).match(WORD) ?? [])];
  if (words.length === 0) throw invalidArgument('query', 'must contain a letter or a digit');
  if (words.length > SEARCH_LIMITS.termsMax) throw invalidArgument('query', `must have at most ${SEARCH_LIMITS.termsMax} words`);
  // The prefix word stays last even when an earlier copy of it was dropped as a repeat.
  const last = fold(value).match(WORD)!.at(-1)!;
  return { words: [...words.filter((w) => w !== last), last] };
}

interface WordAt {
  start: number;
  end: number;
  folded: string;
}

function wordsOf(body: string): WordAt[] {
  return [...body.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, folded: fold(m[0]) }));
}

/** A body's words, folded: what the rule compares a query's words with. */
function foldedWords(body: string): string[] {
  return wordsOf(body).map((w) => w.folded);
}

/** Whether a body word answers a query word: the same word, or for the query's last word one it starts. */
function answers(word: string, term: string, isLast: boolean): boolean {
  return word === term || (isLast && word.startsWith(term));
}

/** Every word of the query is in the body, the last also as the start of a word. */
export function matches(body: string, terms: SearchTerms): boolean {
  const words = foldedWords(body);
  return terms.words.every((term, i) => words.some((word) => answers(word, term, i === terms.words.length - 1)));
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * Up to ~160 characters of the body around its first match, HTML-escaped, with every
 * matching word in <mark></mark>; an ellipsis where the body was cut.
 */
export function snippet(body: string, terms: SearchTerms): string {
  const words = wordsOf(body);
  const last = terms.words.length - 1;
  const hits = words.filter((w) => terms.words.some((term, i) => answers(w.folded, term, i === last)));
  const max = SEARCH_LIMITS.snippetChars;
  let from = 0;
  if (body.length > max && hits.length > 0) from = Math.max(0, Math.min(hits[0].start - Math.floor(max / 3), body.length - max));
  // Cut at word boundaries, never inside a word.
  if (from > 0) from = words.find((w) => w.start >= from)?.start ?? from;
  let to = Math.min(body.length, from + max);
  if (to < body.length) to = [...words].reverse().find((w) => w.end <= to)?.end ?? to;
  let out = from > 0 ? '…' : '';
  let at = from;
  for (const hit of hits.filter((h) => h.start >= from && h.end <= to)) {
    out += escapeHtml(body.slice(at, hit.start)) + '<mark>' + escapeHtml(body.slice(hit.start, hit.end)) + '</mark>';
    at = hit.end;
  }
  out += escapeHtml(body.slice(at, to));
  return to < body.length ? `${out}…` : out;
}

/** Where the next page of a search continues: below this message, which was written on this UTC day. */
export interface SearchCursor {
  id: number;
  /** Days since year 0 as MySQL's TO_DAYS counts them; undefined in a token from before days were kept. */
  day: number | undefined;
}

/** 1970-01-01 in TO_DAYS. */
const EPOCH_DAY = 719_528;

/** The UTC day of a time, as MySQL's TO_DAYS counts it. */
export function dayOf(time: Date): number {
  return Math.floor(time.getTime() / 86_400_000) + EPOCH_DAY;
}

/** Page tokens of a search: the message the next page continues below (results are newest first). */
export function searchCursor(pageToken: string): SearchCursor | undefined {
  if (!pageToken) return undefined;
  const match = /^s(\d{1,15})(?:d(\d{1,7}))?$/.exec(Buffer.from(pageToken, 'base64url').toString('latin1'));
  if (!match) throw invalidArgument('page_token', 'is not a token this service issued');
  return { id: Number(match[1]), day: match[2] === undefined ? undefined : Number(match[2]) };
}

export function nextSearchToken(last: { id: number; createdAt: Date } | undefined, more: boolean): string {
  return more && last !== undefined ? Buffer.from(`s${last.id}d${dayOf(last.createdAt)}`).toString('base64url') : '';
}
