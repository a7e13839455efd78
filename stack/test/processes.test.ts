import { disposeAll, startProcess, type Leftover } from '@charla/stack';

test('a process that exits while starting fails at once, with what it printed', async () => {
  const leftovers: Leftover[] = [];
  const started = Date.now();
  await expect(startProcess({ name: 'exits', cwd: __dirname, entry: 'exits.ts', env: {}, ready: async () => false, readyTimeoutMs: 20_000 }, leftovers)).rejects.toThrow(
    /exits exited:\nno DATABASE_URL/,
  );
  expect(Date.now() - started).toBeLessThan(10_000);
  await disposeAll(leftovers);
});
