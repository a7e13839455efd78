import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { EventLog, EventTables, NewEvent, StoredEvent, WatchOptions } from '../events/log';
import { sessionsReadCommitted, takesSeveralStatements, type Dialect } from './database';
import { inOneQuery, oneByOne, type Together } from './together';

/** How many times a write runs at most when the database picks it as a deadlock victim. */
export const WRITE_ATTEMPTS = 5;

/** MySQL/MariaDB chose this transaction as a deadlock victim: it rolled back, so it may simply run again. */
export function isDeadlock(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown } | null | undefined;
  return e?.code === 'ER_LOCK_DEADLOCK' || e?.errno === 1213;
}

/** A unique index (or primary key) refused the row: MySQL ER_DUP_ENTRY, SQLite SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY. */
export function isDuplicate(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown } | null | undefined;
  return (
    e?.code === 'ER_DUP_ENTRY' || e?.errno === 1062 || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * One write: the work runs in a transaction and pushes what it announces onto `events`;
 * `now` is the write's time, the same for the change and its events.
 */
export type Write<Schema, Event, T> = (trx: Transaction<Schema>, events: Event[], now: Date) => Promise<T>;

export interface TransactionalWriterOptions<Schema, Event> {
  db: Kysely<Schema>;
  dialect: Dialect;
  /** The service's outbox, in the same database. */
  log: EventLog;
  /** The outbox row of an announced event. */
  encode: (event: Event) => NewEvent;
  /**
   * READ COMMITTED on MySQL, for stores that take the row locks they rely on explicitly (gap
   * locks would only add deadlocks there). Without it the engine's default holds: REPEATABLE
   * READ, whose locking reads some conditional writes count on.
   */
  readCommitted?: boolean;
}

/**
 * The one way a service changes its data: the change and the events it announces commit
 * together or not at all (the outbox), a deadlock victim runs again, and watchers are woken
 * only once the events are committed.
 */
export class TransactionalWriter<Schema extends EventTables, Event> {
  private readonly db: Kysely<Schema>;
  private readonly log: EventLog;
  private readonly encode: (event: Event) => NewEvent;
  private readonly readCommitted: boolean;
  /** The database takes several statements a query, autocommit off: transactions are driven by hand. */
  private readonly byHand: boolean;
  /** How the work's statements that need nothing from one another go to this database. */
  readonly together: Together;

  constructor(options: TransactionalWriterOptions<Schema, Event>) {
    this.db = options.db;
    this.log = options.log;
    this.encode = options.encode;
    // Sessions that start READ COMMITTED need no SET TRANSACTION (a round trip) per write.
    this.readCommitted = options.dialect === 'mysql' && options.readCommitted === true && !sessionsReadCommitted(options.db);
    this.byHand = options.dialect === 'mysql' && takesSeveralStatements(options.db);
    this.together = this.byHand ? inOneQuery : oneByOne;
    // By hand there is no SET TRANSACTION before the first statement.
    if (this.byHand && this.readCommitted) throw new Error('a database with severalStatements must open its sessions READ COMMITTED');
  }

  /** Runs the work; `now` (default: the time of each attempt) dates the change and its events. */
  async write<T>(work: Write<Schema, Event, T>, now?: Date): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const events: Event[] = [];
      const at = now ?? new Date();
      let appended: StoredEvent[] = [];
      // The work, then its events appended (and, by hand, the COMMIT with them), however the transaction is run.
      const body = async (trx: Transaction<Schema>, append: (encoded: NewEvent[]) => Promise<number[]>) => {
        const value = await work(trx, events, at);
        const encoded = events.map((event) => this.encode(event));
        const ids = await append(encoded);
        appended = encoded.map((event, i) => ({ ...event, id: ids[i], createdAt: at, written: events[i] }));
        return value;
      };
      try {
        const result = this.byHand
          ? await this.db.connection().execute(async (connection) => {
              // The session runs with autocommit off: the work's first statement starts the
              // transaction, and COMMIT goes in one query with the events (a round trip each
              // saved). The work only builds and runs statements, which a connection does as a
              // Transaction does.
              try {
                return await body(connection as unknown as Transaction<Schema>, (encoded) => this.log.appendCommitting(connection as unknown as Kysely<EventTables>, encoded, at));
              } catch (error) {
                // A rollback fails only on a broken connection, which mysql2 drops from the pool;
                // the error to answer is the first.
                await connection.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
                throw error;
              }
            })
          : await (this.readCommitted ? this.db.transaction().setIsolationLevel('read committed') : this.db.transaction()).execute((trx) =>
              // The log's two tables are part of every service's schema.
              body(trx, (encoded) => this.log.append(trx as unknown as Transaction<EventTables>, encoded, at)),
            );
        // Committed: watchers here take the events from memory, the others are woken.
        this.log.committed(appended);
        return result;
      } catch (error) {
        if (attempt < WRITE_ATTEMPTS && isDeadlock(error)) continue;
        throw error;
      }
    }
  }
}

/** The read side of a service's outbox. */
export interface EventFeed<Event> {
  /** The events after the cursor (or from now), decoded, in commit order, until the signal aborts. */
  watchEvents(options: WatchOptions): AsyncGenerator<Event>;
  /** Deletes events older than the cutoff; returns how many. */
  pruneEvents(olderThan: Date): Promise<number>;
}

/**
 * The outbox read back through the service's decoder; a row it does not know (a newer version's
 * type) is skipped. An event this process committed comes from memory as its writer had it
 * (StoredEvent.written, of the writer's event type): `fromWritten` makes it what decoding its
 * payload would, without parsing the JSON it was just encoded to.
 */
export function eventFeed<Event, Written = never>(
  log: EventLog,
  decode: (stored: StoredEvent) => Event | undefined,
  fromWritten?: (written: Written, stored: StoredEvent) => Event,
): EventFeed<Event> {
  return {
    async *watchEvents(options) {
      for await (const stored of log.watch(options)) {
        const event = fromWritten && stored.written !== undefined ? fromWritten(stored.written as Written, stored) : decode(stored);
        if (event !== undefined) yield event;
      }
    },
    pruneEvents: (olderThan) => log.prune(olderThan),
  };
}
