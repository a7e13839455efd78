import { TurnBatch, currentRequestId, withRequestId } from '../src';

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
