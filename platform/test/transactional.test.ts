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
  type SchemaMigration,
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

/** The event log and three counters at 0. */
const MIGRATIONS: Record<string, SchemaMigration> = {
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
};

/**
 * Two writes that deadlock once: each locks one counter, waits until the other holds its own,
 * then wants the other's. Returns how many attempts they made and the errors the second bumps met.
 */
async function crossedWrites(writer: TransactionalWriter<Schema, Bumped>): Promise<{ attempts: number; errors: unknown[] }> {
  let arrived = 0;
  let release = () => {};
  const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
  let attempts = 0;
  const errors: unknown[] = [];
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
  return { attempts, errors };
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
    await migrate(db, opened.dialect, MIGRATIONS);
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
      const { attempts, errors } = await crossedWrites(writer);
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

// A pool of its own whose sessions take several statements a query with autocommit off: the
// writer drives its transactions by hand and sends COMMIT with the events.
(TEST_STORES.includes('mysql') ? describe : describe.skip)('transactional writes by hand on a mysql database opened with severalStatements', () => {
  let location: TestStoreLocation;
  let opened: OpenedDatabase<Schema>;
  let several: OpenedDatabase<Schema>;
  let wakeups: Wakeups;
  let log: EventLog;
  let writer: TransactionalWriter<Schema, Bumped>;
  let plain: TransactionalWriter<Schema, Bumped>;

  const value = async (id: number) => Number((await opened.db.selectFrom('counters').select('value').where('id', '=', id).executeTakeFirstOrThrow()).value);
  const bumpQuery = (trx: Transaction<Schema>, counter: number) => trx.updateTable('counters').set({ value: sql`value + 1` }).where('id', '=', counter).compile();

  beforeAll(async () => {
    location = await freshTestStore('mysql', 'by_hand');
    opened = openDatabase<Schema>({ url: location.url, dataDir: location.dataDir, name: 'by_hand' });
    await migrate(opened.db, opened.dialect, MIGRATIONS);
    // One connection: every write below runs on the session the one before left.
    several = openDatabase<Schema>({ url: location.url, dataDir: location.dataDir, name: 'by_hand', poolSize: 1, readCommitted: true, severalStatements: true });
    wakeups = localWakeups();
    log = new EventLog({ db: opened.db as unknown as Kysely<EventTables>, wakeups, log: createLogger('test', 'silent') });
    writer = new TransactionalWriter({ db: several.db, dialect: several.dialect, log, encode, readCommitted: true });
    plain = new TransactionalWriter({ db: opened.db, dialect: opened.dialect, log, encode });
  });

  afterAll(async () => {
    await wakeups.close();
    await several.close();
    await opened.close();
    await location.dispose();
  });

  it('answers each statement sent together, and commits them with the events; ids follow the other writers\' without a gap', async () => {
    const head = await log.head();
    const answers = await writer.write(async (trx, events) => {
      const answered = await writer.together(trx, [bumpQuery(trx, 1), bumpQuery(trx, 2), trx.selectFrom('counters').select(['id', 'value']).where('id', '<=', 2).orderBy('id').compile()]);
      events.push({ counter: 1 }, { counter: 2 });
      return answered;
    });
    expect(answers.map((a) => [Number(a.numAffectedRows ?? -1), a.rows])).toEqual([
      [1, []],
      [1, []],
      [-1, [{ id: 1, value: 1 }, { id: 2, value: 1 }]],
    ]);
    await plain.write(async (trx, events) => bump(trx, events, 3));
    await writer.write(async (trx, events) => bump(trx, events, 3));
    const stored = await log.readAfter(head);
    expect(stored.map((e) => [e.id, e.subjectId])).toEqual([
      [head + 1, 1],
      [head + 2, 2],
      [head + 3, 3],
      [head + 4, 3],
    ]);
    expect([await value(1), await value(2), await value(3)]).toEqual([1, 1, 2]);
  });

  it('keeps nothing of a write that failed, even half-way through statements sent together, and the next write on the session commits only its own', async () => {
    const [head, one, two] = [await log.head(), await value(1), await value(2)];
    const duplicate = (trx: Transaction<Schema>) => trx.insertInto('counters').values({ id: 9, name: 'c1', value: 0 }).compile();
    await expect(
      writer.write(async (trx, events) => {
        events.push({ counter: 1 });
        await writer.together(trx, [bumpQuery(trx, 1), duplicate(trx), bumpQuery(trx, 2)]);
      }),
    ).rejects.toMatchObject({ code: 'ER_DUP_ENTRY' });
    await expect(writer.write(async (trx) => (await trx.executeQuery(bumpQuery(trx, 1)), Promise.reject(new Error('refused'))))).rejects.toThrow('refused');
    expect([await log.head(), await value(1), await value(2)]).toEqual([head, one, two]);
    await writer.write(async (trx, events) => bump(trx, events, 2));
    expect([await log.head(), await value(1), await value(2)]).toEqual([head + 1, one, two + 1]);
  });

  it('runs a deadlock victim again: both writes commit', async () => {
    const pair = openDatabase<Schema>({ url: location.url, dataDir: location.dataDir, name: 'by_hand', poolSize: 2, readCommitted: true, severalStatements: true });
    const twice = new TransactionalWriter({ db: pair.db, dialect: pair.dialect, log, encode, readCommitted: true });
    const [one, two] = [await value(1), await value(2)];
    const { attempts, errors } = await crossedWrites(twice).finally(() => pair.close());
    expect(attempts).toBe(3);
    expect(errors.filter(isDeadlock)).toHaveLength(1);
    expect([await value(1), await value(2)]).toEqual([one + 2, two + 2]);
  });
});
