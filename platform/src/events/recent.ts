import type { StoredEvent } from './log';

/** Enough for every watcher to keep up through a burst; a watcher further behind reads the database. */
const KEPT = 10_000;

/**
 * The events this process committed lately, by id, so its watchers take them from memory
 * instead of reading back from the database what was just written. Only committed events are
 * kept, and only a run of consecutive ids after a watcher's cursor is ever served: anything
 * else (another replica's events, evicted ones) is read from the database as before.
 */
export class RecentEvents {
  private readonly byId = new Map<number, StoredEvent>();

  /** Events whose transaction committed. */
  add(events: StoredEvent[]): void {
    for (const event of events) this.byId.set(event.id, event);
    // Ids arrive in about increasing order: the first entries are the oldest.
    for (const id of this.byId.keys()) {
      if (this.byId.size <= KEPT) break;
      this.byId.delete(id);
    }
  }

  /** The events after `cursor` with no gap, at most `limit`; empty when the next one is not here. */
  after(cursor: number, limit: number): StoredEvent[] {
    const run: StoredEvent[] = [];
    for (let event = this.byId.get(cursor + 1); event !== undefined && run.length < limit; event = this.byId.get(event.id + 1)) run.push(event);
    return run;
  }
}
