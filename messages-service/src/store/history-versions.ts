import type { Dialect, Write } from '@charla/platform';
import { sql } from 'kysely';
import type { ChatEventType, NewChatEvent } from '../domain/events';
import type { Trx } from './rows';
import type { MessagesSchema } from './schema';

/**
 * Which events tell of a change to how a stored message shows (its body, status, reactions,
 * files, pin, or the quote of it in a reply). A new message is no such change: it moves
 * last_seq, the other half of a history's stamp. Every event type is decided here, so a new
 * one cannot be forgotten.
 */
const CHANGES_STORED_MESSAGES: Record<ChatEventType, boolean> = {
  message_added: false,
  message_edited: true,
  message_deleted: true,
  message_status_changed: true,
  conversation_created: false,
  member_joined: false,
  member_left: false,
  marker_moved: false,
  reaction_changed: true,
  message_pinned: true,
  message_unpinned: true,
  conversation_updated: false,
  preferences_changed: false,
  motd_changed: false,
};

/**
 * The conversations whose history version a write with these events must bump, in id order (the
 * order their rows are locked in). One whose last_seq the write moved (a message_added) needs
 * none: its stamp (last_seq, version) changed already, and last_seq never comes back.
 */
export function changedHistories(events: readonly NewChatEvent[]): number[] {
  const added = new Set<number>();
  for (const event of events) if (event.type === 'message_added') added.add(event.conversationId);
  const changed = new Set<number>();
  for (const event of events) if (CHANGES_STORED_MESSAGES[event.type] && !added.has(event.conversationId)) changed.add(event.conversationId);
  return [...changed].sort((a, b) => a - b);
}

/**
 * The write, then the history versions its events call for bumped in its own transaction
 * (every change announces an event, DESIGN.md). Last of the work's statements: the version
 * rows are locked after the messages they stand for, in every write, so none waits for
 * another in a circle.
 */
export function versioningHistories<T>(dialect: Dialect, work: Write<MessagesSchema, NewChatEvent, T>): Write<MessagesSchema, NewChatEvent, T> {
  return async (trx, events, now) => {
    const value = await work(trx, events, now);
    const ids = changedHistories(events);
    if (ids.length > 0) await bumpVersions(trx, dialect, ids);
    return value;
  };
}

async function bumpVersions(trx: Trx, dialect: Dialect, ids: number[]): Promise<void> {
  const insert = trx.insertInto('history_versions').values(ids.map((id) => ({ conversation_id: id, version: 1 })));
  const next = sql<number>`version + 1`;
  await (dialect === 'mysql' ? insert.onDuplicateKeyUpdate({ version: next }) : insert.onConflict((oc) => oc.column('conversation_id').doUpdateSet({ version: next }))).execute();
}
