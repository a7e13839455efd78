import { EventEmitter } from 'node:events';
import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import { turnsOf } from '../batch';
import type { Logger } from '../logger';
import { observeStreamedEvent, openEventStream } from '../metrics';
import { fromDbTime, toDbTime } from '../store/time';
import type { Dialect } from '../store/database';
import type { SchemaMigration } from '../store/migrate';
import { inOneQuery } from '../store/together';
import { RecentEvents } from './recent';

/** The tables the event log keeps in the service's own database. */
export interface EventTables {
  events: {
    id: number;
    type: string;
    /** The user or conversation the event is about, for routing and pruning. */
    subject_id: number;
    payload: string;
    created_at: string;
  };
  event_head: {
    id: number;
    last_id: number;
  };
}

export interface StoredEvent {
  id: number;
  type: string;
  subjectId: number;
  payload: string;
  createdAt: Date;
  /**
   * The event as this process's writer had it before encoding it into `payload` (events from
   * memory only), so a feed can hand it on instead of decoding the payload (eventFeed).
   */
  written?: unknown;
}

export interface NewEvent {
  type: string;
  subjectId: number;
  /** JSON the service decodes again when streaming. */
  payload: string;
}

/**
 * Carries "something was committed" between replicas (Redis pub/sub) or within one, with the
 * last event id committed when the publisher knows it (undefined: read to find out).
 */
export interface Wakeups {
  publish(lastId?: number): void;
  subscribe(listener: (lastId: number | undefined) => void): () => void;
  close(): Promise<void>;
}

/** Wakeups for a single replica: an in-process emitter. */
export function localWakeups(): Wakeups {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (lastId) => emitter.emit('wake', lastId),
    subscribe: (listener) => {
      emitter.on('wake', listener);
      return () => emitter.off('wake', listener);
    },
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}

/** Migration that creates the event log's tables; each service lists it among its own. */
export const eventLogMigration: SchemaMigration = {
  async up(db: Kysely<any>, dialect: Dialect) {
    await db.schema
      .createTable('events')
      .addColumn('id', 'bigint', (c) => c.primaryKey())
      .addColumn('type', 'varchar(40)', (c) => c.notNull())
      .addColumn('subject_id', 'bigint', (c) => c.notNull())
      .addColumn('payload', dialect === 'mysql' ? sql`mediumtext` : 'text', (c) => c.notNull())
      .addColumn('created_at', dialect === 'mysql' ? sql`datetime(3)` : 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('events_created_at').on('events').column('created_at').execute();
    await db.schema
      .createTable('event_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('last_id', 'bigint', (c) => c.notNull())
      .execute();
    await db.insertInto('event_head').values({ id: 1, last_id: 0 }).execute();
  },
};

export interface WatchOptions {
  after: number;
  fromNow?: boolean;
  signal: AbortSignal;
  onStart?: (cursor: number) => void;
}

/** The response header in which WatchEvents streams announce their starting cursor. */
export const WATCH_CURSOR_HEADER = 'charla-watch-cursor';

/**
 * The most events one batched WatchEvents response carries: a message event is at most ~25 KB
 * (a 4,000-character body, its files and its quote), so 64 stay well inside gRPC's 4 MiB.
 */
const EVENTS_PER_RESPONSE = 64;

/** A WatchEvents response of either service: one event, or (asked for with `batched`) several. */
export interface WatchResponse<E> {
  event: E | undefined;
  events: E[];
}

/** The events of a WatchEvents response, whichever shape it came in (a service older than `batched` answers in `event`). */
export function eventsOf<E>(response: WatchResponse<E>): E[] {
  return response.event ? [response.event] : response.events;
}

/**
 * Answers a WatchEvents stream: with `batched`, the events the source has ready together (a
 * commit's) in one response, one HTTP/2 frame and one write for all of them; else one a response.
 */
export async function answerWatch<E, Pb>(events: AsyncIterable<E>, batched: boolean, toPb: (event: E) => Pb, send: (response: WatchResponse<Pb>) => Promise<void>): Promise<void> {
  if (!batched) {
    for await (const event of events) await send({ event: toPb(event), events: [] });
    return;
  }
  for await (const batch of turnsOf(events, EVENTS_PER_RESPONSE)) await send({ event: undefined, events: batch.map(toPb) });
}

export interface EventLogOptions {
  db: Kysely<EventTables>;
  /** Names the stream in metrics ("users", "messages"). */
  stream?: string;
  wakeups: Wakeups;
  log: Logger;
  /** Rows read per query while catching up. */
  batchSize?: number;
  /** A watcher re-reads at least this often even if no wakeup arrives (a lost pub/sub message). */
  pollMs?: number;
}

/** MySQL: the head moved on by `count` under its row lock, its new value handed back as the statement's LAST_INSERT_ID. */
const headBump = (count: number) => sql`UPDATE event_head SET last_id = LAST_INSERT_ID(last_id + ${count}) WHERE id = 1`;

/** The rows of `events` for the events table, each with the id `idOf` gives it. */
function eventRows<Id>(events: NewEvent[], createdAt: ReturnType<typeof toDbTime>, idOf: (index: number) => Id) {
  return events.map((e, i) => ({ id: idOf(i), type: e.type, subject_id: e.subjectId, payload: e.payload, created_at: createdAt }));
}

/**
 * An outbox of events in the service's own database, streamed to gateways.
 *
 * Every write appends its events in the same transaction as the change, so an event exists
 * if and only if its change committed. Ids come from the `event_head` row, which each
 * appending transaction locks until it commits: ids are therefore gapless and in commit
 * order, and a reader resuming "after id N" can never skip a late-committing event.
 */
export class EventLog {
  private readonly db: Kysely<EventTables>;
  private readonly wakeups: Wakeups;
  private readonly log: Logger;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly stream: string;
  private readonly recent = new RecentEvents();

  constructor(options: EventLogOptions) {
    this.db = options.db;
    this.stream = options.stream ?? 'events';
    this.wakeups = options.wakeups;
    this.log = options.log;
    this.batchSize = options.batchSize ?? 500;
    this.pollMs = options.pollMs ?? 2_000;
  }

  /** Appends events inside the caller's transaction; returns their ids. Call committed() (or notify()) after commit. */
  async append(trx: Transaction<EventTables>, events: NewEvent[], now = new Date()): Promise<number[]> {
    if (events.length === 0) return [];
    const first = (await this.takeIds(trx, events.length)) - events.length + 1;
    const createdAt = toDbTime(now);
    await trx
      .insertInto('events')
      .values(eventRows(events, createdAt, (i) => first + i))
      .execute();
    return events.map((_, i) => first + i);
  }

  /**
   * MySQL, on a session that takes several statements with autocommit off (openDatabase's
   * severalStatements): appends the events and commits the transaction, in one round trip. The
   * head moves on under its row lock and hands its new value to the rows through
   * LAST_INSERT_ID, as takeIds does; returns the events' ids. Call committed() after.
   */
  async appendCommitting(trx: Kysely<EventTables>, events: NewEvent[], now = new Date()): Promise<number[]> {
    const count = events.length;
    const createdAt = toDbTime(now);
    const statements = [
      ...(count === 0
        ? []
        : [
            headBump(count).compile(trx),
            trx
              .insertInto('events')
              .values(eventRows(events, createdAt, (i) => sql<number>`LAST_INSERT_ID() - ${count - 1 - i}`))
              .compile(),
          ]),
      CompiledQuery.raw('commit'),
    ];
    const [head] = await inOneQuery(trx, statements);
    if (count === 0) return [];
    const last = Number(head.insertId);
    return events.map((_, i) => last - count + 1 + i);
  }

  /**
   * Moves the head on by `count` under its row lock and answers the new head, in one statement:
   * MySQL hands the value back as the statement's LAST_INSERT_ID, SQLite through RETURNING.
   */
  private async takeIds(trx: Transaction<EventTables>, count: number): Promise<number> {
    if (trx.getExecutor().adapter.supportsReturning) {
      const row = await trx.updateTable('event_head').set({ last_id: sql`last_id + ${count}` }).where('id', '=', 1).returning('last_id').executeTakeFirstOrThrow();
      return Number(row.last_id);
    }
    const result = await headBump(count).execute(trx);
    return Number(result.insertId);
  }

  /** Tells every watcher, on every replica, that new events committed. */
  notify(): void {
    this.wakeups.publish();
  }

  /**
   * These events' transaction committed: this process's watchers take them from memory, and
   * every watcher, on every replica, is woken with the last id.
   */
  committed(events: StoredEvent[]): void {
    if (events.length === 0) return;
    this.recent.add(events);
    this.wakeups.publish(events[events.length - 1].id);
  }

  async head(): Promise<number> {
    const row = await this.db.selectFrom('event_head').select('last_id').where('id', '=', 1).executeTakeFirstOrThrow();
    return Number(row.last_id);
  }

  async readAfter(after: number, limit = this.batchSize): Promise<StoredEvent[]> {
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      type: r.type,
      subjectId: Number(r.subject_id),
      payload: r.payload,
      createdAt: fromDbTime(r.created_at) ?? new Date(0),
    }));
  }

  /**
   * Yields every event after `after` (or, with fromNow, after the current head), then waits
   * for new ones until the signal aborts. Never skips and never repeats an id. `onStart` learns
   * the starting cursor before any event, so a watcher that breaks before its first event
   * can resume from there instead of "now" again.
   */
  async *watch(options: WatchOptions): AsyncGenerator<StoredEvent> {
    let cursor = options.fromNow ? await this.head() : options.after;
    options.onStart?.(cursor);
    // The highest id known to be committed, and whether only the database can say what is next
    // (at the start, after a wakeup that named no id, after a poll, while catching up).
    let known = cursor;
    let read = true;
    let woken = false;
    let wake: (() => void) | undefined;
    const unsubscribe = this.wakeups.subscribe((lastId) => {
      woken = true;
      if (lastId === undefined) read = true;
      else known = Math.max(known, lastId);
      wake?.();
    });
    const onAbort = () => wake?.();
    options.signal.addEventListener('abort', onAbort);
    const closeStream = openEventStream(this.stream);
    try {
      while (!options.signal.aborted) {
        woken = false;
        let batch: StoredEvent[] = read ? [] : this.recent.after(cursor, this.batchSize);
        // Committed, but not here (another replica's, or evicted): the database has it.
        if (batch.length === 0 && (read || known > cursor)) {
          const expected = known;
          batch = await this.readAfter(cursor);
          read = batch.length === this.batchSize;
          // The database is the truth: an id announced but not there (pruned) is not waited for.
          if (known === expected) known = batch.at(-1)?.id ?? cursor;
        }
        for (const event of batch) {
          if (options.signal.aborted) return;
          cursor = event.id;
          known = Math.max(known, cursor);
          observeStreamedEvent(this.stream, event.createdAt);
          yield event;
        }
        if (read || woken || known > cursor) continue;
        // Aborted while the last event was being handled: end now, not at the next poll.
        if (options.signal.aborted) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            // A wakeup may have been lost (pub/sub is best effort): look in the database.
            read = true;
            resolve();
          }, this.pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    } finally {
      closeStream();
      unsubscribe();
      options.signal.removeEventListener('abort', onAbort);
    }
  }

  /** Deletes events older than the cutoff; returns how many. */
  async prune(olderThan: Date): Promise<number> {
    const result = await this.db.deleteFrom('events').where('created_at', '<', toDbTime(olderThan)).executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    if (deleted > 0) this.log.info({ deleted }, 'pruned old events');
    return deleted;
  }
}
