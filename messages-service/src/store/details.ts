import type { Kysely } from 'kysely';
import { reactionsOf } from '../domain/reactions';
import type { Message, MessageQuote, Reaction } from '../domain/types';
import type { MessagesSchema } from './schema';

/** How much of the original a reply quotes: its first line, this long at most. */
export const EXCERPT_MAX = 140;
// Keeps IN (…) lists well under both engines' bound-parameter limits.
const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The first line of a body, shortened at a character boundary (an emoji is never cut in half). */
export function excerptOf(body: string): string {
  const line = body.trim().split('\n', 1)[0].trim();
  const characters = [...line];
  return characters.length <= EXCERPT_MAX ? line : `${characters.slice(0, EXCERPT_MAX - 1).join('')}…`;
}

/** Reactions of these messages, by message id (a message nobody reacted to is left out). */
export async function reactionsFor(db: Kysely<MessagesSchema>, messageIds: number[]): Promise<Map<number, Reaction[]>> {
  const byMessage = new Map<number, Reaction[]>();
  for (const part of chunks(messageIds)) {
    const rows = await db.selectFrom('message_reactions').select(['message_id', 'user_id', 'emoji']).where('message_id', 'in', part).orderBy('id').execute();
    const grouped = new Map<number, { messageId: number; userId: number; emoji: string }[]>();
    for (const row of rows) {
      const messageId = Number(row.message_id);
      const list = grouped.get(messageId) ?? [];
      list.push({ messageId, userId: Number(row.user_id), emoji: row.emoji });
      grouped.set(messageId, list);
    }
    for (const [messageId, list] of grouped) byMessage.set(messageId, reactionsOf(list));
  }
  return byMessage;
}

/** Who these messages mention, by message id, in id order. */
export async function mentionsFor(db: Kysely<MessagesSchema>, messageIds: number[]): Promise<Map<number, number[]>> {
  const byMessage = new Map<number, number[]>();
  for (const part of chunks(messageIds)) {
    const rows = await db.selectFrom('message_mentions').select(['message_id', 'user_id']).where('message_id', 'in', part).orderBy('message_id').orderBy('user_id').execute();
    for (const row of rows) {
      const id = Number(row.message_id);
      byMessage.set(id, [...(byMessage.get(id) ?? []), Number(row.user_id)]);
    }
  }
  return byMessage;
}

/** The originals replies quote, as they are now, by id. */
export async function quotesFor(db: Kysely<MessagesSchema>, messageIds: number[]): Promise<Map<number, MessageQuote>> {
  const quotes = new Map<number, MessageQuote>();
  for (const part of chunks([...new Set(messageIds)])) {
    const rows = await db.selectFrom('messages').select(['id', 'seq', 'user_id', 'body', 'deleted_at']).where('id', 'in', part).execute();
    for (const row of rows) {
      const deleted = row.deleted_at !== null;
      quotes.set(Number(row.id), { id: Number(row.id), seq: Number(row.seq), authorId: Number(row.user_id), excerpt: deleted ? '' : excerptOf(row.body), deleted });
    }
  }
  return quotes;
}

/**
 * Messages as every door shows them: with their reactions, mentions and the quote of what they
 * reply to, read for the whole page in (at most) three queries, whatever its length. `reacted`:
 * the messages known to have reactions (a history page knows); by default any may have some.
 */
export async function withDetails(db: Kysely<MessagesSchema>, messages: Message[], reacted: Message[] = messages): Promise<Message[]> {
  if (messages.length === 0) return messages;
  const ids = reacted.map((m) => m.id);
  // Only a body with an @ can have mentions; most pages of a busy room need no lookup.
  const mentioning = messages.filter((m) => m.body.includes('@')).map((m) => m.id);
  const replies = messages.filter((m) => m.replyToId > 0).map((m) => m.replyToId);
  // Side by side: on MySQL each is a round trip of its own on the pool.
  const [reactions, mentions, quotes] = await Promise.all([
    ids.length > 0 ? reactionsFor(db, ids) : new Map<number, Reaction[]>(),
    mentioning.length > 0 ? mentionsFor(db, mentioning) : new Map<number, number[]>(),
    replies.length > 0 ? quotesFor(db, replies) : new Map<number, MessageQuote>(),
  ]);
  return messages.map((m) => ({
    ...m,
    reactions: reactions.get(m.id) ?? [],
    mentionIds: mentions.get(m.id) ?? [],
    replyTo: m.replyToId > 0 ? (quotes.get(m.replyToId) ?? { id: m.replyToId, seq: 0, authorId: 0, excerpt: '', deleted: true }) : undefined,
  }));
}
