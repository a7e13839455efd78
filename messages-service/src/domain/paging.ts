import { invalidArgument } from '@charla/platform';
import type { Conversation, HistoryQuery, ListCursor, ListOrderName } from './types';

/**
 * Page tokens are opaque to clients: base64url JSON. A history token carries the order and
 * both seq bounds of the next page, so a walk keeps its window; a list token the sort key of
 * the last conversation shown (keyset), so conversations created or moved ahead during a walk
 * neither repeat one already shown nor push one out unseen.
 */
interface HistoryToken {
  o: ListOrderName;
  a: number;
  b: number;
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(token: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (value && typeof value === 'object') return value as Record<string, unknown>;
  } catch (error) {
    // Not JSON: the one refusal below. Anything else is no token problem.
    if (!(error instanceof SyntaxError)) throw error;
  }
  throw invalidArgument('page_token', 'is not a token this service issued');
}

const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The window a history request asks for; a page token wins over the explicit bounds. */
export function historyWindow(
  conversationId: number,
  request: { order: ListOrderName; afterSeq: number; beforeSeq: number; pageToken: string },
  limit: number,
): HistoryQuery {
  if (!request.pageToken) {
    return { conversationId, order: request.order, afterSeq: request.afterSeq, beforeSeq: request.beforeSeq, limit };
  }
  const t = decode(request.pageToken);
  if ((t.o !== 'newest-first' && t.o !== 'oldest-first') || !isSeq(t.a) || !isSeq(t.b)) {
    throw invalidArgument('page_token', 'is not a token this service issued');
  }
  return { conversationId, order: t.o, afterSeq: t.a, beforeSeq: t.b, limit };
}

/** The token for the page after one that ended at `lastSeq`, or '' when the walk is over. */
export function nextHistoryToken(window: HistoryQuery, returned: number, lastSeq: number | undefined, more: boolean): string {
  if (!more || returned === 0 || lastSeq === undefined) return '';
  const token: HistoryToken =
    window.order === 'newest-first'
      ? { o: window.order, a: window.afterSeq, b: lastSeq }
      : { o: window.order, a: lastSeq, b: window.beforeSeq };
  return encode(token);
}

interface ListToken {
  i: number;
  u: number;
  w: number | null;
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The cursor a list request continues from; undefined for the first page. */
export function listCursor(pageToken: string): ListCursor | undefined {
  if (!pageToken) return undefined;
  const t = decode(pageToken);
  if (!isSeq(t.i) || t.i === 0 || !isTime(t.u) || !(t.w === null || isTime(t.w))) {
    throw invalidArgument('page_token', 'is not a token this service issued');
  }
  return { id: t.i, updatedAt: new Date(t.u), waitingSince: t.w === null ? undefined : new Date(t.w) };
}

/** The token for the page after one that ended with `last`, or '' when the walk is over. */
export function nextListToken(last: Conversation | undefined, more: boolean): string {
  if (!more || !last) return '';
  const token: ListToken = { i: last.id, u: last.updatedAt.getTime(), w: last.waitingSince ? last.waitingSince.getTime() : null };
  return encode(token);
}
