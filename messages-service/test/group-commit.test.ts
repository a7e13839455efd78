import { GroupCommit } from '../src/store/group-commit';

describe('GroupCommit', () => {
  it('stores what is submitted in one turn as one batch, the first submission included', async () => {
    const batches: number[][] = [];
    const group = new GroupCommit<number, number>(100, async (batch) => {
      batches.push(batch);
      return batch.map((n) => n * 10);
    });
    // As a gateway's SendMessages arrives: every send reaches the store a few promise steps in.
    const steps = async (n: number) => {
      for (let i = 0; i < n; i += 1) await Promise.resolve();
    };
    const outputs = await Promise.all([1, 2, 3, 4].map(async (n) => {
      await steps(n);
      return group.submit(n);
    }));
    expect(outputs).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it('stores what comes while a batch is being stored in the next one, at most `most` each', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (release = resolve));
    const group = new GroupCommit<number, number>(2, async (batch) => {
      batches.push(batch);
      if (batches.length === 1) await first;
      return batch;
    });
    const all = [group.submit(1)];
    await new Promise((resolve) => setImmediate(resolve));
    all.push(group.submit(2), group.submit(3), group.submit(4));
    release();
    expect(await Promise.all(all)).toEqual([1, 2, 3, 4]);
    expect(batches).toEqual([[1], [2, 3], [4]]);
  });
});
