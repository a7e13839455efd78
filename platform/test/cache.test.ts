import { ExpiringCache } from '@charla/platform';

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
