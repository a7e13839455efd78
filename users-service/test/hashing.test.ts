import { status as GrpcCode } from '@grpc/grpc-js';
import { ErrorCode, isChatError, type ChatError } from '@charla/platform';
import { HashQueue, PasswordHashing } from '../src/domain/hashing';
import { scryptParams, verifyPassword } from '../src/domain/password';
import { call, refusal, startTestUsersService, uniqueName, type TestUsersService } from './harness';

/** A turn's work that finishes when the test says so. */
function gate() {
  let open = () => {};
  const done = new Promise<void>((resolve) => (open = resolve));
  return { open, work: async () => done };
}

const settled = <T>(promise: Promise<T>) => promise.then((value) => ({ value }), (error: unknown) => ({ error: error as ChatError }));

describe('turns at hashing', () => {
  it('runs `concurrency` at once, lets `queue` more wait in order, and refuses the rest at once with a retry hint', async () => {
    const queue = new HashQueue({ concurrency: 2, queue: 1, maxWaitMs: 60_000 });
    const gates = Array.from({ length: 5 }, gate);
    const started: number[] = [];
    const turns = gates.map((g, i) => settled(queue.run(async () => (started.push(i), g.work()))));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    const refused = await Promise.all(turns.slice(3));
    for (const { error } of refused as { error: ChatError }[]) {
      expect(error.code).toBe(ErrorCode.ResourceExhausted);
      expect(error.reason).toBe('PASSWORD_HASHING_BUSY');
      expect(error.retryAfterMs).toBeGreaterThan(0);
    }
    // One finishes: the waiting one takes its place, and no more than two ever run.
    gates[0].open();
    await turns[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    gates[1].open();
    gates[2].open();
    expect((await turns[2]) as object).not.toHaveProperty('error');
    // Drained: the next burst is taken again.
    const again = await settled(queue.run(async () => 'fine'));
    expect(again).toEqual({ value: 'fine' });
  });

  it('refuses a turn that would wait longer than maxWaitMs, even with room in the queue', async () => {
    const queue = new HashQueue({ concurrency: 1, queue: 100, maxWaitMs: 0 });
    const first = gate();
    const running = queue.run(first.work);
    const { error } = (await settled(queue.run(async () => 'late'))) as { error: ChatError };
    expect(isChatError(error) && error.code).toBe(ErrorCode.ResourceExhausted);
    first.open();
    await running;
  });

  it('admits a burst by how long a turn really took, not by its first guess', async () => {
    // A turn of ~600 ms here (the guess is 200): with 1,000 ms to wait, a burst behind one
    // running turn gets one waiting place, not five.
    const queue = new HashQueue({ concurrency: 1, queue: 100, maxWaitMs: 1_000 });
    await queue.run(() => new Promise((resolve) => setTimeout(resolve, 600)));
    const running = gate();
    const first = settled(queue.run(running.work));
    const burst = Array.from({ length: 5 }, () => settled(queue.run(async () => 'turn')));
    await new Promise((resolve) => setImmediate(resolve));
    running.open();
    const outcomes = await Promise.all(burst);
    await first;
    expect(outcomes.filter((outcome) => 'value' in outcome)).toHaveLength(1);
    expect(outcomes.filter((outcome) => 'error' in outcome && outcome.error.code === ErrorCode.ResourceExhausted)).toHaveLength(4);
  });

  it('refuses a waiting turn whose wait ran past maxWaitMs instead of starting it (its caller would give up half-way)', async () => {
    const queue = new HashQueue({ concurrency: 1, queue: 10, maxWaitMs: 100 });
    await queue.run(async () => 'a quick turn: the queue expects the next ones to be quick too');
    const slow = gate();
    const running = queue.run(slow.work);
    const waiting = Array.from({ length: 3 }, () => settled(queue.run(async () => 'turn')));
    await new Promise((resolve) => setTimeout(resolve, 150));
    slow.open();
    await running;
    for (const outcome of await Promise.all(waiting)) {
      expect('error' in outcome && outcome.error.code).toBe(ErrorCode.ResourceExhausted);
      expect('error' in outcome && outcome.error.retryAfterMs).toBeGreaterThan(0);
    }
    // The slot is free again.
    await expect(queue.run(async () => 'next')).resolves.toBe('next');
  });

  it('hashes and verifies passwords through its turns', async () => {
    const hashing = new PasswordHashing(scryptParams(10), { concurrency: 1, queue: 10, maxWaitMs: 60_000 });
    const [a, b] = await Promise.all([hashing.hash('correct horse 1'), hashing.hash('correct horse 2')]);
    await expect(verifyPassword('correct horse 1', a)).resolves.toBe(true);
    await expect(hashing.verify('correct horse 2', b)).resolves.toBe(true);
    await expect(hashing.verify('wrong', b)).resolves.toBe(false);
  });
});

describe('a burst of sign-ups over gRPC', () => {
  let t: TestUsersService;
  beforeAll(async () => {
    // A cost of a few milliseconds a hash, so the burst arrives while the first ones run.
    t = await startTestUsersService('mysql', 'users_hashing', { SCRYPT_LOG2_N: '14', HASH_CONCURRENCY: '1', HASH_QUEUE: '2' });
  }, 60_000);
  afterAll(() => t.stop());

  const register = (username: string) => call(t.client, t.client.register, { username, password: 'correct horse battery', firstName: 'Burst', lastName: 'Test', email: '' });
  const attempt = (username: string) => register(username).then(() => undefined, (error: unknown) => refusal(Promise.reject(error)));

  it('answers each with a user or RESOURCE_EXHAUSTED with RetryInfo, never UNAVAILABLE; retried as hinted, all get in', async () => {
    const names = Array.from({ length: 20 }, () => uniqueName('burst'));
    const first = await Promise.all(names.map(attempt));
    const refused = first.filter((error) => error !== undefined);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThan(names.length);
    for (const error of refused) {
      expect(error!.grpcCode).toBe(GrpcCode.RESOURCE_EXHAUSTED);
      expect(error!.retryAfterMs).toBeGreaterThan(0);
    }
    // Each refused one tries again after its hint (and again if refused again), as a client would.
    for (const [i, error] of first.entries()) {
      let refusedAgain = error;
      while (refusedAgain) {
        await new Promise((resolve) => setTimeout(resolve, refusedAgain!.retryAfterMs));
        refusedAgain = await attempt(names[i]);
        if (refusedAgain) expect(refusedAgain.grpcCode).toBe(GrpcCode.RESOURCE_EXHAUSTED);
      }
    }
    const login = await call(t.client, t.client.login, { username: names[names.length - 1], password: 'correct horse battery' });
    expect(login.user?.username).toBe(names[names.length - 1]);
  }, 60_000);
});
