import { TurnBatch, currentRequestId, turnsOf, withRequestId } from '../src';

describe('TurnBatch', () => {
  it('answers the calls of one turn with one run, each its own answer, in order', async () => {
    const runs: number[][] = [];
    const batch = new TurnBatch<number, string>(async (keys) => (runs.push(keys), keys.map((k) => `#${k}`)));
    const answers = await Promise.all([1, 2, 3].map((k) => batch.load(k)));
    expect(answers).toEqual(['#1', '#2', '#3']);
    expect(runs).toEqual([[1, 2, 3]]);
    // A later turn is a run of its own: nobody waits for more company.
    expect(await batch.load(4)).toBe('#4');
    expect(runs).toEqual([[1, 2, 3], [4]]);
  });

  it('takes the calls made in promise chains of the same turn too', async () => {
    const runs: number[][] = [];
    const batch = new TurnBatch<number, number>(async (keys) => (runs.push(keys), keys));
    await Promise.all([1, 2].map(async (k) => batch.load(await Promise.resolve(k))));
    expect(runs).toEqual([[1, 2]]);
  });

  it('splits a turn into runs of at most `most`, and fails only the keys of a run that failed', async () => {
    const batch = new TurnBatch<number, number>(async (keys) => {
      if (keys.includes(3)) throw new Error('this run broke');
      return keys;
    }, 2);
    const answers = await Promise.allSettled([1, 2, 3, 4].map((k) => batch.load(k)));
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
  });

  it("runs under a request's id when every key of the run is that request's, and under none when they are several requests'", async () => {
    const ids: (string | undefined)[] = [];
    const batch = new TurnBatch<number, number>(async (keys) => (ids.push(currentRequestId()), keys));
    await withRequestId('r-1', () => Promise.all([batch.load(1), batch.load(2)]));
    await Promise.all([withRequestId('r-2', () => batch.load(3)), withRequestId('r-3', () => batch.load(4))]);
    await batch.load(5);
    expect(ids).toEqual(['r-1', undefined, undefined]);
  });

  it('fails every key of a run whose answers do not match its keys one for one, rather than hand out the wrong ones', async () => {
    const batch = new TurnBatch<number, number>(async (keys) => keys.slice(1));
    const answers = await Promise.allSettled([1, 2].map((k) => batch.load(k)));
    expect(answers.map((a) => (a.status === 'rejected' ? (a.reason as { reason?: string }).reason : a.value))).toEqual(['BATCH_MISMATCH', 'BATCH_MISMATCH']);
  });
});

describe('turnsOf', () => {
  /** A source that yields `ready` at once (promise chains only), then waits `laterMs` for each of `later`. */
  async function* source(ready: number[], later: number[], laterMs = 5) {
    for (const item of ready) yield await Promise.resolve(item);
    for (const item of later) {
      await new Promise((resolve) => setTimeout(resolve, laterMs));
      yield item;
    }
  }

  const all = async <T>(batches: AsyncIterable<T[]>) => {
    const seen: T[][] = [];
    for await (const batch of batches) seen.push(batch);
    return seen;
  };

  it('puts what is ready in one turn together and waits for nothing that is not', async () => {
    expect(await all(turnsOf(source([1, 2, 3], [4, 5]), 64))).toEqual([[1, 2, 3], [4], [5]]);
  });

  it('splits a turn at `most`, keeping the order and losing nothing', async () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const batches = await all(turnsOf(source(items, []), 4));
    expect(batches).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  });

  it('ends with the source, and an empty source yields nothing', async () => {
    expect(await all(turnsOf(source([], []), 8))).toEqual([]);
    expect(await all(turnsOf(source([7], []), 8))).toEqual([[7]]);
  });

  it("stops the source when the reader stops", async () => {
    let finished = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          yield i;
        }
      } finally {
        finished = true;
      }
    }
    for await (const batch of turnsOf(endless(), 8)) if (batch.includes(2)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(finished).toBe(true);
  });
});
