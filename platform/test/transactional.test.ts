import { sql, type Kysely, type Transaction } from 'kysely';
import {
  EventLog,
  TransactionalWriter,
  WRITE_ATTEMPTS,
  createLogger,
  eventFeed,
  eventLogMigration,
  isDeadlock,
  isDuplicate,
  localWakeups,
  migrate,
  openDatabase,
  type EventTables,
  type OpenedDatabase,
  type Wakeups,
} from '../src';
import { TEST_STORES, freshTestStore, type TestStoreLocation } from '../src/store/testing';

interface Schema extends EventTables {
  counters: { id: number; name: string; value: number };
}

interface Bumped {
  counter: number;
}

const encode = (event: Bumped) => ({ type: 'bumped', subjectId: event.counter, payload: JSON.stringify(event) });

/** What a write does to a counter: adds one and says so. */
async function bump(trx: Transaction<Schema>, events: Bumped[], counter: number): Promise<void> {
  await trx.updateTable('counters').set({ value: sql`value + 1` }).where('id', '=', counter).execute();
  events.push({ counter });
}

describe.each(TEST_STORES)('transactional writes on %s', (kind) => {
  let location: TestStoreLocation;
  let opened: OpenedDatabase<Schema>;
  let db: Kysely<Schema>;
  let wakeups: Wakeups;
  let log: EventLog;
  let writer: TransactionalWriter<Schema, Bumped>;
  let woken = 0;

  const value = async (id: number) => Number((await db.selectFrom('counters').select('value').where('id', '=', id).executeTakeFirstOrThrow()).value);

  beforeAll(async () => {
    location = await freshTestStore(kind, 'transactional');
    opened = openDatabase<Schema>({ url: location.url, dataDir: location.dataDir, name: 'transactional' });
    db = opened.db;
    await migrate(db, opened.dialect, {
      '0001_event_log': eventLogMigration,
      '0002_counters': {
        async up(schema) {
          await schema.schema
            .createTable('counters')
            .addColumn('id', 'integer', (c) => c.primaryKey())
            .addColumn('name', 'varchar(20)', (c) => c.notNull().unique())
            .addColumn('value', 'integer', (c) => c.notNull())
            .execute();
          await schema.insertInto('counters').values([1, 2, 3].map((id) => ({ id, name: `c${id}`, value: 0 }))).execute();
        },
      },
    });
    wakeups = localWakeups();
    wakeups.subscribe(() => (woken += 1));
    log = new EventLog({ db: db as unknown as Kysely<EventTables>, wakeups, log: createLogger('test', 'silent') });
    writer = new TransactionalWriter({ db, dialect: opened.dialect, log, encode });
  });

  afterAll(async () => {
    await wakeups.close();
    await opened.close();
    await location.dispose();
  });

  it('commits the change with its events, dated alike, and wakes watchers once after commit', async () => {
    const head = await log.head();
    const now = new Date('2026-01-02T03:04:05.678Z');
    woken = 0;
    const result = await writer.write(async (trx, events, at) => {
      await bump(trx, events, 1);
      await bump(trx, events, 2);
      expect(woken).toBe(0);
      return at;
    }, now);
    expect(result).toEqual(now);
    expect(woken).toBe(1);
    const stored = await log.readAfter(head);
    expect(stored.map((e) => [e.type, e.subjectId, JSON.parse(e.payload), e.createdAt])).toEqual([
      ['bumped', 1, { counter: 1 }, now],
      ['bumped', 2, { counter: 2 }, now],
    ]);
    expect([await value(1), await value(2)]).toEqual([1, 1]);
  });

  it('keeps neither the change nor its events when the work fails, and wakes nobody', async () => {
    const [head, before] = [await log.head(), await value(3)];
    woken = 0;
    await expect(
      writer.write(async (trx, events) => {
        await bump(trx, events, 3);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect([await log.head(), await value(3), woken]).toEqual([head, before, 0]);
  });

  it('reads the outbox back decoded, skipping the rows its decoder does not know', async () => {
    const head = await log.head();
    await writer.write(async (trx, events) => {
      await bump(trx, events, 1);
      await bump(trx, events, 2);
    });
    const stop = new AbortController();
    const known = eventFeed(log, (stored) => (stored.subjectId === 1 ? undefined : { id: stored.id, ...(JSON.parse(stored.payload) as Bumped) }));
    const seen: unknown[] = [];
    setTimeout(() => stop.abort(), 300);
    for await (const event of known.watchEvents({ after: head, signal: stop.signal })) seen.push(event);
    expect(seen).toEqual([{ id: head + 2, counter: 2 }]);
  });

  it('hands committed events to its own watchers from memory, in order, without reading them back', async () => {
    const head = await log.head();
    const stop = new AbortController();
    const seen: number[] = [];
    const reads = jest.spyOn(log, 'readAfter');
    const watching = (async () => {
      for await (const event of log.watch({ after: head, signal: stop.signal })) {
        seen.push(event.id);
        if (seen.length === 40) stop.abort();
      }
    })();
    // Twenty writes of two events, some at once (one commit after the other, as the head row orders them).
    await Promise.all(Array.from({ length: 10 }, () => writer.write(async (trx, events) => (await bump(trx, events, 1), bump(trx, events, 2)))));
    for (let i = 0; i < 10; i++) await writer.write(async (trx, events) => (await bump(trx, events, 1), bump(trx, events, 2)));
    await watching;
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => head + 1 + i));
    // Only the first look (the watcher cannot know what it missed before it started) went to the database.
    expect(reads.mock.calls.length).toBeLessThanOrEqual(2);
    reads.mockRestore();
  });

  it('reads from the database, in order and without a gap, what another replica committed in between', async () => {
    const other = new EventLog({ db: db as unknown as Kysely<EventTables>, wakeups, log: createLogger('test', 'silent') });
    const elsewhere = new TransactionalWriter({ db, dialect: opened.dialect, log: other, encode });
    const head = await log.head();
    const stop = new AbortController();
    const seen: number[] = [];
    const watching = (async () => {
      for await (const event of log.watch({ after: head, signal: stop.signal })) {
        seen.push(event.id);
        if (seen.length === 12) stop.abort();
      }
    })();
    for (let i = 0; i < 6; i++) await (i % 2 === 0 ? writer : elsewhere).write(async (trx, events) => (await bump(trx, events, 1), bump(trx, events, 2)));
    await watching;
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => head + 1 + i));
  });

  it('wakes nobody for a write that announces nothing', async () => {
    woken = 0;
    await writer.write(async (trx) => {
      await trx.updateTable('counters').set({ value: 0 }).where('id', '=', 3).execute();
    });
    expect(woken).toBe(0);
  });

  it(`runs a deadlock victim again, up to ${WRITE_ATTEMPTS} times, and nothing else`, async () => {
    let attempts = 0;
    const before = await value(3);
    await writer.write(async (trx, events) => {
      attempts += 1;
      await bump(trx, events, 3);
      if (attempts < 3) throw Object.assign(new Error('Deadlock found'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 });
    });
    expect([attempts, await value(3)]).toEqual([3, before + 1]);

    attempts = 0;
    const victim = Object.assign(new Error('Deadlock found'), { code: 'ER_LOCK_DEADLOCK' });
    await expect(writer.write(async () => ((attempts += 1), Promise.reject(victim)))).rejects.toBe(victim);
    expect(attempts).toBe(WRITE_ATTEMPTS);

    attempts = 0;
    await expect(writer.write(async () => ((attempts += 1), Promise.reject(new Error('other'))))).rejects.toThrow('other');
    expect(attempts).toBe(1);
  });

  it('tells a duplicate key, by primary key or unique index, from other failures', async () => {
    const refusal = (row: { id: number; name: string }) =>
      db.insertInto('counters').values({ ...row, value: 0 }).execute().then(() => undefined, (error: unknown) => error);
    const byKey = await refusal({ id: 1, name: 'fresh' });
    const byIndex = await refusal({ id: 99, name: 'c1' });
    expect([isDuplicate(byKey), isDuplicate(byIndex), isDeadlock(byKey)]).toEqual([true, true, false]);
    expect(isDuplicate(new Error('no'))).toBe(false);
    expect(isDuplicate(undefined)).toBe(false);
  });

  if (kind === 'mysql') {
    it('recovers from a real deadlock: both writes commit', async () => {
      const [one, two] = [await value(1), await value(2)];
      let arrived = 0;
      let release = () => {};
      const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
      let attempts = 0;
      const errors: unknown[] = [];
      // Each locks one row, waits until the other holds its row too, then wants the other's.
      const cross = (first: number, second: number) =>
        writer.write(async (trx, events) => {
          attempts += 1;
          await bump(trx, events, first);
          arrived += 1;
          if (arrived === 2) release();
          await bothHoldOne;
          await bump(trx, events, second).catch((error: unknown) => {
            errors.push(error);
            throw error;
          });
        });
      await Promise.all([cross(1, 2), cross(2, 1)]);
      expect(attempts).toBe(3);
      expect(errors.filter(isDeadlock)).toHaveLength(1);
      expect([await value(1), await value(2)]).toEqual([one + 2, two + 2]);
    });

    it('runs READ COMMITTED when asked (a second read sees a commit made meanwhile), REPEATABLE READ otherwise', async () => {
      const seesCommitsMeanwhile = (w: TransactionalWriter<Schema, Bumped>) =>
        w.write(async (trx) => {
          const read = async () => Number((await trx.selectFrom('counters').select('value').where('id', '=', 3).executeTakeFirstOrThrow()).value);
          const first = await read();
          await db.updateTable('counters').set({ value: sql`value + 1` }).where('id', '=', 3).execute();
          return (await read()) !== first;
        });
      const committed = new TransactionalWriter({ db, dialect: opened.dialect, log, encode, readCommitted: true });
      expect([await seesCommitsMeanwhile(committed), await seesCommitsMeanwhile(writer)]).toEqual([true, false]);
    });

    it('runs READ COMMITTED on a database whose sessions start that way (set once per connection)', async () => {
      const sessions = openDatabase<Schema>({ url: location.url, dataDir: location.dataDir, name: 'transactional', readCommitted: true });
      try {
        const committed = new TransactionalWriter({ db: sessions.db, dialect: sessions.dialect, log, encode, readCommitted: true });
        const sawCommit = await committed.write(async (trx) => {
          const read = async () => Number((await trx.selectFrom('counters').select('value').where('id', '=', 3).executeTakeFirstOrThrow()).value);
          const first = await read();
          await db.updateTable('counters').set({ value: sql`value + 1` }).where('id', '=', 3).execute();
          return (await read()) !== first;
        });
        expect(sawCommit).toBe(true);
      } finally {
        await sessions.close();
      }
    });
  }
});
