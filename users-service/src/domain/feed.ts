import { invalidArgument, type WatchOptions } from '@charla/platform';
import type { UserEventStore } from '../store/store';
import { requireService } from './callers';
import type { Caller, UserEvent } from './types';

/** The event stream other Charla services follow (gateways, messages-service): service credential only. */
export class Feed {
  constructor(private readonly store: UserEventStore) {}

  /** Every event after `options.after` (or from now), in commit order, until the signal aborts. */
  watch(caller: Caller | undefined, options: WatchOptions): AsyncGenerator<UserEvent> {
    requireService(caller);
    if (!Number.isSafeInteger(options.after) || options.after < 0) throw invalidArgument('after', 'must be an event id ≥ 0');
    return this.store.watchEvents(options);
  }
}
