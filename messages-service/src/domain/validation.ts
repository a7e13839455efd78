import { invalidArgument } from '@charla/platform';
import type { Delivery } from './types';

export const LIMITS = {
  bodyMax: 4000,
  titleMax: 100,
  clientIdMax: 64,
  /** A group holds its creator and at most 255 others. */
  groupMembersMax: 256,
  pageSizeMax: 100,
  messagesPageDefault: 50,
  listPageDefault: 100,
  usernameMax: 64,
  /** Entries in one RecordDeliveries call. */
  deliveriesMax: 1000,
  /** Sends in one SendMessages call (a gateway's batch). */
  sendBatchMax: 500,
  /** A history page's tag, as ListMessages' if_none_match takes it back. */
  historyTagMax: 128,
} as const;

/** Length in characters as a person counts them (code points, so an emoji is one). */
function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function boundedText(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw invalidArgument(field, 'must be a string');
  const trimmed = value.trim();
  if (trimmed.length === 0) throw invalidArgument(field, 'must not be empty');
  if (charCount(trimmed) > max) throw invalidArgument(field, `must be at most ${max} characters`);
  return trimmed;
}

/** A message body: 1–4000 characters after trimming; stored trimmed. */
export function messageBody(value: unknown, field = 'body'): string {
  return boundedText(field, value, LIMITS.bodyMax);
}

/** A group or room title: 1–100 characters after trimming. */
export function conversationTitle(value: unknown, field = 'title'): string {
  return boundedText(field, value, LIMITS.titleMax);
}

/** An idempotency key; empty means "no key". */
export function clientId(value: unknown, field = 'client_id'): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalidArgument(field, 'must be a string');
  const trimmed = value.trim();
  if (trimmed.length > LIMITS.clientIdMax) throw invalidArgument(field, `must be at most ${LIMITS.clientIdMax} characters`);
  return trimmed;
}

export function username(value: unknown, field = 'username'): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidArgument(field, 'must name a user');
  const trimmed = value.trim();
  if (trimmed.length > LIMITS.usernameMax) throw invalidArgument(field, `must be at most ${LIMITS.usernameMax} characters`);
  return trimmed;
}

/** A positive resource id. */
export function id(value: unknown, field: string): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) throw invalidArgument(field, 'must be a positive id');
  return n;
}

/** A seq bound or marker: a whole number ≥ 0. */
export function seq(value: unknown, field: string): number {
  const n = value === undefined ? 0 : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw invalidArgument(field, 'must be a whole number ≥ 0');
  return n;
}

/** RecordDeliveries' list: at most 1,000 entries, each with positive ids and a seq ≥ 0. */
export function deliveries(value: unknown, field = 'deliveries'): Delivery[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidArgument(field, 'must be a list of deliveries');
  if (value.length > LIMITS.deliveriesMax) throw invalidArgument(field, `must hold at most ${LIMITS.deliveriesMax} entries`);
  return value.map((entry: unknown, i) => {
    const at = `${field}[${i}]`;
    if (typeof entry !== 'object' || entry === null) throw invalidArgument(at, 'must be a delivery');
    const { userId, conversationId, seq: upTo } = entry as Record<string, unknown>;
    return { userId: id(userId, `${at}.user_id`), conversationId: id(conversationId, `${at}.conversation_id`), seq: seq(upTo, `${at}.seq`) };
  });
}

/** 1–100; 0 (or absent) means the default. */
export function pageSize(value: unknown, fallback: number, field = 'page_size'): number {
  const n = seq(value ?? 0, field);
  if (n === 0) return fallback;
  if (n > LIMITS.pageSizeMax) throw invalidArgument(field, `must be at most ${LIMITS.pageSizeMax}`);
  return n;
}

/** ListMessages' if_none_match: a tag from an earlier answer, at most 128 characters; '' (or absent) means none. */
export function historyTag(value: unknown, field = 'if_none_match'): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalidArgument(field, 'must be a string');
  if (value.length > LIMITS.historyTagMax) throw invalidArgument(field, `must be at most ${LIMITS.historyTagMax} characters`);
  return value;
}
