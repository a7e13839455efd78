import { ExpiringCache, TrustedAnswers } from '@charla/platform';

describe('ExpiringCache', () => {
  it('answers until the deadline, then forgets', () => {
    const cache = new ExpiringCache<string, number>(10);
    cache.set('a', 1, 1_000);
    expect(cache.get('a', 999)).toBe(1);
    expect(cache.get('a', 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the entry stored first when full, and a replaced entry counts as new', () => {
    const cache = new ExpiringCache<string, number>(2);
    cache.set('a', 1, Infinity);
    cache.set('b', 2, Infinity);
    cache.set('a', 3, Infinity);
    cache.set('c', 4, Infinity);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([3, undefined, 4]);
  });

  it('drops what a predicate picks', () => {
    const cache = new ExpiringCache<string, { session: string }>(10);
    cache.set('t1', { session: 's1' }, Infinity);
    cache.set('t2', { session: 's2' }, Infinity);
    cache.deleteWhere((value) => value.session === 's1');
    expect([cache.get('t1'), cache.get('t2')]).toEqual([undefined, { session: 's2' }]);
  });
});

describe('TrustedAnswers', () => {
  /** A question whose answers come when told; each call is recorded. */
  function questions() {
    const calls: string[] = [];
    const waiting: { key: string; resolve: (answer: { value: string; until: number }) => void; reject: (error: unknown) => void }[] = [];
    return {
      calls,
      ask: (key: string) =>
        new Promise<{ value: string; until: number }>((resolve, reject) => {
          calls.push(key);
          waiting.push({ key, resolve, reject });
        }),
      answer: (value: string, until: number) => waiting.splice(0).forEach((w) => w.resolve({ value: `${w.key}:${value}`, until })),
      fail: (error: unknown) => waiting.splice(0).forEach((w) => w.reject(error)),
    };
  }
  const refused = (error: unknown) => error === 'no';
  const flush = () => new Promise((resolve) => setImmediate(resolve));

  it('asks once for a key however many wait, then answers from what it kept', async () => {
    const q = questions();
    const answers = new TrustedAnswers<string, string>(10, q.ask, refused);
    const waiting = Promise.all(Array.from({ length: 20 }, () => answers.get('t1')));
    q.answer('ana', Date.now() + 60_000);
    expect(new Set(await waiting)).toEqual(new Set(['t1:ana']));
    expect(await answers.get('t1')).toBe('t1:ana');
    expect(q.calls).toEqual(['t1']);
  });

  it('in the last quarter of its trust an answer still answers at once and is asked again in the background', async () => {
    const q = questions();
    const answers = new TrustedAnswers<string, string>(10, q.ask, refused);
    const asked = Date.now();
    const first = answers.get('t1', asked);
    q.answer('v1', asked + 10_000);
    await first;
    // At 80 % of its trust: the kept answer, and one refresh however many ask.
    expect(await answers.get('t1', asked + 8_000)).toBe('t1:v1');
    expect(await answers.get('t1', asked + 8_001)).toBe('t1:v1');
    expect(q.calls).toEqual(['t1', 't1']);
    q.answer('v2', asked + 18_000);
    await flush();
    expect(await answers.get('t1', asked + 9_000)).toBe('t1:v2');
    expect(q.calls).toHaveLength(2);
  });

  it('a refresh that is refused drops the answer; one that fails to ask leaves it until it expires', async () => {
    const q = questions();
    const answers = new TrustedAnswers<string, string>(10, q.ask, refused);
    const asked = Date.now();
    const first = Promise.all([answers.get('a', asked), answers.get('b', asked)]);
    q.answer('v1', asked + 10_000);
    await first;
    await answers.get('a', asked + 9_000);
    await answers.get('b', asked + 9_000);
    q.fail('no');
    await flush();
    const again = answers.get('a', asked + 9_000);
    expect(q.calls).toEqual(['a', 'b', 'a', 'b', 'a']);
    q.answer('v2', asked + 19_000);
    expect(await again).toBe('a:v2');
    // b's refresh was refused too: asked again, answered fresh.
    const b = answers.get('b', asked + 9_000);
    q.answer('v2', asked + 19_000);
    expect(await b).toBe('b:v2');

    // a's answer (9 s → 19 s) in its last quarter: a refresh that cannot reach users-service leaves it.
    expect(await answers.get('a', asked + 17_000)).toBe('a:v2');
    q.fail(new Error('users-service away'));
    await flush();
    expect(await answers.get('a', asked + 18_000)).toBe('a:v2');
    expect(q.calls).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'a']);
  });

  it('an answer asked before a forgetting is not kept', async () => {
    const q = questions();
    const answers = new TrustedAnswers<string, string>(10, q.ask, refused);
    const before = answers.get('t1');
    answers.deleteWhere(() => true);
    q.answer('stale', Date.now() + 60_000);
    expect(await before).toBe('t1:stale');
    const after = answers.get('t1');
    q.answer('fresh', Date.now() + 60_000);
    expect(await after).toBe('t1:fresh');
    expect(q.calls).toEqual(['t1', 't1']);
  });
});
