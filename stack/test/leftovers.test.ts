import { disposeAll, once, type Leftover } from '@charla/stack';

test('every leftover is disposed, newest first, even after one fails; the failure is thrown', async () => {
  const disposed: string[] = [];
  const leftovers: Leftover[] = [
    async () => disposed.push('database'),
    async () => {
      throw new Error('socket already gone');
    },
    async () => disposed.push('gateway'),
  ];
  await expect(disposeAll(leftovers)).rejects.toThrow('socket already gone');
  expect(disposed).toEqual(['gateway', 'database']);
  expect(leftovers).toEqual([]);
});

test('several failures are thrown together', async () => {
  const fail = (message: string) => async () => {
    throw new Error(message);
  };
  await expect(disposeAll([fail('a'), fail('b')])).rejects.toThrow(AggregateError);
});

test('a stop shared by its owner and the leftovers runs once', async () => {
  let stops = 0;
  const stop = once(async () => {
    stops++;
  });
  await Promise.all([stop(), stop()]);
  await stop();
  expect(stops).toBe(1);
});
