import { openDatabase, TransactionalWriter, type Dialect, type EventLog, type OpenedDatabase } from '@charla/platform';
import type { Kysely } from 'kysely';
import { attachmentStore } from './attachments';
import { conversationStore } from './conversations';
import { chatEventStore, encodeEvent } from './events';
import { versioningHistories } from './history-versions';
import { memberStore } from './members';
import { messageStore, type SendPath } from './messages';
import { motdStore } from './motd';
import { pinStore } from './pins';
import { preferenceStore } from './preferences';
import { reactionStore } from './reactions';
import { receiptStore } from './receipts';
import { searchStore } from './search';
import { chatStoreContext } from './rows';
import type { MessagesSchema } from './schema';
import { conversationSettingsStore } from './settings';
import type { ChatStore } from './store';

export interface SqlChatStoreOptions {
  db: Kysely<MessagesSchema>;
  dialect: Dialect;
  events: EventLog;
  /** Bounds one group commit, so a burst cannot hold the conversation locks for long; 1 turns it off. Default 100. */
  sendsPerCommit?: number;
  /**
   * MySQL: the same database through a pool of its own whose connections take several
   * statements in one query (openSendDatabase): sends are written through it, a round trip a
   * step, COMMIT with the events (store/sends.ts, platform's together.ts). Without it, one by one.
   */
  sendDb?: Kysely<MessagesSchema>;
}

/**
 * ChatStore over Kysely, the same statements on MySQL/MariaDB and SQLite: each aggregate in its
 * own file, all writing through one transactional writer. READ COMMITTED on MySQL: the locks
 * the writes rely on are row locks (the conversation's, the event head's), and gap locks
 * would only add deadlocks.
 */
export function sqlChatStore(options: SqlChatStoreOptions): ChatStore {
  const { db, dialect, events } = options;
  const writer = new TransactionalWriter({ db, dialect, log: events, encode: encodeEvent, readCommitted: true });
  const context = chatStoreContext(db, writer, dialect);
  const sendWriter = options.sendDb ? new TransactionalWriter({ db: options.sendDb, dialect, log: events, encode: encodeEvent, readCommitted: true }) : writer;
  // A send moves last_seq, so its own write bumps no version; what else it changed would.
  const sendPath: SendPath = { write: (work) => sendWriter.write(versioningHistories(dialect, work)), together: sendWriter.together };
  return {
    ...conversationStore(context),
    ...memberStore(context),
    ...messageStore(context, options.sendsPerCommit ?? 100, sendPath),
    ...receiptStore(context),
    ...chatEventStore(db, events),
    ...attachmentStore(context),
    ...searchStore(db, dialect),
    ...reactionStore(context),
    ...pinStore(context),
    ...conversationSettingsStore(context),
    ...preferenceStore(context),
    ...motdStore(context),
  };
}

/**
 * The send path's own connections to a MySQL database (SqlChatStoreOptions.sendDb); none for
 * SQLite. One batch of sends is written at a time, so two are plenty.
 */
export function openSendDatabase(url: string | undefined, dataDir: string): OpenedDatabase<MessagesSchema> | undefined {
  if (!url) return undefined;
  return openDatabase<MessagesSchema>({ url, dataDir, name: 'messages', poolSize: 2, readCommitted: true, severalStatements: true });
}
