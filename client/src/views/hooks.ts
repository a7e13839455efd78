import { useEffect, useState } from 'preact/hooks';
import type { Store } from '../state/store';

/** Re-renders when the store changes; `pick` narrows what the component cares about. */
export function useStore<T, U = T>(store: Store<T>, pick: (value: T) => U = (v) => v as unknown as U): U {
  const [value, setValue] = useState(() => pick(store.get()));
  useEffect(() => {
    setValue(() => pick(store.get()));
    return store.subscribe((next) => setValue(() => pick(next)));
  }, [store]);
  return value;
}

/** A clock that ticks every `ms`, for "last seen 3 min ago". */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
