import { effectiveStatus, graceCutoff, isPresent, leaseTtlSeconds } from '../src/domain/presence';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds));

describe('presence rules', () => {
  it.each([
    { leases: [], now: 10, grace: 5, present: false, why: 'no lease at all' },
    { leases: [20], now: 10, grace: 5, present: true, why: 'a lease that still lives' },
    { leases: [8], now: 10, grace: 5, present: true, why: 'ended, but within the grace period' },
    { leases: [5], now: 10, grace: 5, present: false, why: 'ended exactly a grace period ago' },
    { leases: [1, 2, 9], now: 10, grace: 5, present: true, why: 'the newest of several counts' },
    { leases: [1, 2, 3], now: 10, grace: 5, present: false, why: 'all ended long ago' },
    { leases: [9], now: 10, grace: 0, present: false, why: 'no grace configured' },
  ])('$why → present: $present', ({ leases, now, grace, present }) => {
    expect(isPresent(leases.map(at), at(now), grace * 1000)).toBe(present);
  });

  it.each([
    ['online', true, 'online'],
    ['away', true, 'away'],
    ['busy', true, 'busy'],
    ['busy', false, 'offline'],
  ] as const)('chosen %s, present %s → %s', (chosen, present, expected) => {
    expect(effectiveStatus(chosen, present)).toBe(expected);
  });

  it('counts the grace period back from now', () => {
    expect(graceCutoff(at(10), 5_000)).toEqual(at(5));
  });

  it.each([
    [0, 30],
    [1, 1],
    [300, 300],
  ])('a requested TTL of %i seconds gives %i', (requested, ttl) => {
    expect(leaseTtlSeconds(requested, 30)).toBe(ttl);
  });

  it.each([-1, 301, 1.5])('refuses a TTL of %s naming ttl_seconds', (requested) => {
    expect(() => leaseTtlSeconds(requested, 30)).toThrow(expect.objectContaining({ violations: [expect.objectContaining({ field: 'ttl_seconds' })] }));
  });
});
