// The message of the day, live: an admin's new one shows at once, even after the last was dismissed.
import type { MotdChangedSubscription } from '../src/api/generated';
import { dismissMotd, followMotd } from '../src/state/motd';
import type { Subscribe } from '../src/state/ports';
import { MemoryStorage, storeWith } from './fakes';

function live() {
  let push: (data: MotdChangedSubscription) => void = () => {};
  let stopped = false;
  const subscribe = ((_document, _variables, next) => {
    push = next as typeof push;
    return () => void (stopped = true);
  }) as Subscribe;
  return { subscribe, push: (motd: string | null) => push({ motdChanged: motd }), stopped: () => stopped };
}

describe('the live message of the day', () => {
  it('shows a new one as it is set, and takes the banner away when it is cleared', () => {
    const { subscribe, push } = live();
    const store = storeWith();
    followMotd(subscribe, store, new MemoryStorage());
    push('Maintenance at 18:00');
    expect(store.get().motd).toBe('Maintenance at 18:00');
    push(null);
    expect(store.get().motd).toBeNull();
  });

  it('keeps a dismissed text dismissed, but shows the next one', () => {
    const { subscribe, push } = live();
    const store = storeWith();
    const storage = new MemoryStorage();
    followMotd(subscribe, store, storage);
    push('Be kind.');
    dismissMotd(store, storage);
    push('Be kind.');
    expect(store.get().motd).toBeNull();
    push('New rooms!');
    expect(store.get().motd).toBe('New rooms!');
  });

  it('stops with the chat', () => {
    const { subscribe, stopped } = live();
    const stop = followMotd(subscribe, storeWith(), new MemoryStorage());
    stop();
    expect(stopped()).toBe(true);
  });
});
