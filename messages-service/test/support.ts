import {
  createLogger,
  EventLog,
  localWakeups,
  migrate,
  notFound,
  openDatabase,
  unauthenticated,
  type EventTables,
  type OpenedDatabase,
  type StoredEvent,
} from '@charla/platform';
import { freshTestStore, type TestStoreKind, type TestStoreLocation } from '@charla/platform/testing';
import type { Kysely } from 'kysely';
import { Chat } from '../src/domain/chat';
import type { ChatEvent } from '../src/domain/events';
import type { Caller, UserCaller, UserDirectory } from '../src/domain/types';
import { decodeEvent } from '../src/store/events';
import { MIGRATIONS } from '../src/store/migrations';
import type { MessagesSchema } from '../src/store/schema';
import { openSendDatabase, sqlChatStore } from '../src/store/sql-store';
import { testFilesPorts, type TestFiles } from './files-support';
import type { ChatStore } from '../src/store/store';

export const SERVICE_TOKEN = 'test-service-token';
/** A gateway calling with the service credential. */
export const SERVICE: Caller = { kind: 'service' };

/** Stands in for users-service in domain tests: users exist once registered here. */
export class FakeDirectory implements UserDirectory {
  private readonly byToken = new Map<string, UserCaller>();
  private readonly byName = new Map<string, number>();
  private nextId = 1;

  register(username: string, role: 'user' | 'operator' = 'user'): UserCaller {
    const caller: UserCaller = { kind: 'user', user: { id: this.nextId++, username, role }, staff: role === 'operator', token: `token-${username}` };
    this.byToken.set(caller.token, caller);
    this.byName.set(username, caller.user.id);
    return caller;
  }

  async authenticate(token: string): Promise<UserCaller> {
    const caller = this.byToken.get(token);
    if (!caller) throw unauthenticated();
    return caller;
  }

  async userExists(userId: number): Promise<boolean> {
    return [...this.byToken.values()].some((c) => c.user.id === userId);
  }

  async userIdByUsername(username: string): Promise<number> {
    const id = this.byName.get(username);
    if (id === undefined) throw notFound('user', 'USER_NOT_FOUND');
    return id;
  }

  /** Every call, so a test can count them (mentions resolve in one). */
  readonly batchCalls: string[][] = [];

  async userIdsByUsernames(usernames: string[]): Promise<Map<string, number>> {
    this.batchCalls.push(usernames);
    const found = new Map<string, number>();
    for (const name of usernames) {
      const id = [...this.byName].find(([known]) => known.toLowerCase() === name.toLowerCase())?.[1];
      if (id !== undefined) found.set(name.toLowerCase(), id);
    }
    return found;
  }
}

export interface TestChat {
  chat: Chat;
  store: ChatStore;
  events: EventLog;
  users: FakeDirectory;
  db: Kysely<MessagesSchema>;
  /** Attachments' ports over a temporary blob folder. */
  files: TestFiles;
  /**
   * Another replica of the service over the same database (its own connections, event log and
   * domain, the same users): what one changes, the other must show. Closed with this one.
   */
  replica(): Promise<TestChat>;
  dispose(): Promise<void>;
}

/** The domain over a fresh store of the given kind, with a fake users directory. */
export async function openTestChat(kind: TestStoreKind, label: string): Promise<TestChat> {
  const location: TestStoreLocation = await freshTestStore(kind, label);
  const users = new FakeDirectory();
  const first = await chatOver(location, users, true);
  return { ...first, dispose: () => first.dispose().then(() => location.dispose()) };
}

async function chatOver(location: TestStoreLocation, users: FakeDirectory, fresh: boolean): Promise<TestChat> {
  const opened: OpenedDatabase<MessagesSchema> = openDatabase({ url: location.url, dataDir: location.dataDir, name: 'messages', poolSize: 20 });
  if (fresh) await migrate(opened.db, opened.dialect, MIGRATIONS);
  const wakeups = localWakeups();
  const events = new EventLog({ db: opened.db as unknown as Kysely<EventTables>, wakeups, log: createLogger('test', 'silent'), pollMs: 100 });
  // As the service runs: MySQL's sends through connections that take several statements at once.
  const sending = openSendDatabase(location.url, location.dataDir);
  const store = sqlChatStore({ db: opened.db, dialect: opened.dialect, events, sendDb: sending?.db });
  const files = await testFilesPorts();
  const replicas: TestChat[] = [];
  return {
    chat: new Chat(store, users, SERVICE_TOKEN, files),
    files,
    store,
    events,
    users,
    db: opened.db,
    replica: async () => {
      const replica = await chatOver(location, users, false);
      replicas.push(replica);
      return replica;
    },
    dispose: async () => {
      for (const replica of replicas) await replica.dispose();
      await wakeups.close();
      await sending?.close();
      await opened.close();
      await files.dispose();
    },
  };
}

/** The ChatError code a promise rejects with. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return 'OK';
}

/** Runs tasks with at most `width` in flight. */
export async function inParallel<T>(items: T[], width: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await task(items[next++]);
    }),
  );
}

/** A stored event as the domain reads it; fails the test for a row it cannot read. */
export function decoded(stored: StoredEvent): ChatEvent {
  const event = decodeEvent(stored);
  if (!event) throw new Error(`undecodable event ${stored.id} of type ${stored.type}`);
  return event;
}
