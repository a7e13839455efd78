import type { Kysely } from 'kysely';
import {
  EventLog,
  createLogger,
  eventLogMigration,
  localWakeups,
  migrate,
  openDatabase,
  type EventTables,
  type OpenedDatabase,
} from '../src';
import { TEST_STORES, freshTestStore, type TestStoreLocation } from '../src/store/testing';

describe.each(TEST_STORES)('event log on %s', (kind) => {
  let location: TestStoreLocation;
  let opened: OpenedDatabase<EventTables>;
  let db: Kysely<EventTables>;
  let events: EventLog;

  beforeAll(async () => {
    location = await freshTestStore(kind, 'eventlog');
    opened = openDatabase<EventTables>({ url: location.url, dataDir: location.dataDir, name: 'events' });
    db = opened.db;
    await migrate(db, opened.dialect, { '0001_event_log': eventLogMigration });
    events = new EventLog({ db, wakeups: localWakeups(), log: createLogger('test', 'silent'), pollMs: 50 });
  });

  afterAll(async () => {
    await opened.close();
    await location.dispose();
  });

  it('numbers concurrent appends gaplessly, in commit order', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute((trx) => events.append(trx, [{ type: 'test', subjectId: i, payload: `{"n":${i}}` }])),
      ),
    );
    const stored = await events.readAfter(0, 100);
    expect(stored.map((e) => e.id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await events.head()).toBe(20);
  });

  it('drops the events of a transaction that rolls back', async () => {
    const before = await events.head();
    await expect(
      db.transaction().execute(async (trx) => {
        await events.append(trx, [{ type: 'test', subjectId: 1, payload: '{}' }]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await events.head()).toBe(before);
  });

  it('streams what it missed, then live events as they commit', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const watching = (async () => {
      for await (const event of events.watch({ after: 18, signal: controller.signal })) {
        seen.push(event.id);
        if (seen.length === 4) controller.abort();
      }
    })();
    await db.transaction().execute((trx) =>
      events.append(trx, [
        { type: 'test', subjectId: 1, payload: '{}' },
        { type: 'test', subjectId: 2, payload: '{}' },
      ]),
    );
    events.notify();
    await watching;
    expect(seen).toEqual([19, 20, 21, 22]);
  });

  it('starts after the head when asked for live events only', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const watching = (async () => {
      for await (const event of events.watch({ after: 0, fromNow: true, signal: controller.signal })) {
        seen.push(event.id);
        controller.abort();
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    const [id] = await db.transaction().execute((trx) => events.append(trx, [{ type: 'test', subjectId: 3, payload: '{}' }]));
    events.notify();
    await watching;
    expect(seen).toEqual([id]);
  });
});
