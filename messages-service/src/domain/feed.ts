import { invalidArgument, type WatchOptions } from '@charla/platform';
import type { ChatEventStore, MemberStore } from '../store/store';
import { StreamAudience } from './audience';
import { requireService } from './callers';
import type { AddressedEvent } from './events';
import type { Caller } from './types';

/** The event stream gateways follow: service credential only; each event names who may see it. */
export class Feed {
  constructor(private readonly store: ChatEventStore & MemberStore) {}

  /** Every event after `options.after` (or from now), in commit order, until the signal aborts. */
  watch(caller: Caller, options: WatchOptions): AsyncGenerator<AddressedEvent> {
    requireService(caller);
    if (!Number.isSafeInteger(options.after) || options.after < 0) throw invalidArgument('after', 'must be an event id ≥ 0');
    return this.addressed(options);
  }

  private async *addressed(options: WatchOptions): AsyncGenerator<AddressedEvent> {
    const audience = new StreamAudience(this.store);
    for await (const event of this.store.watchEvents(options)) {
      yield { event, memberIds: await audience.of(event) };
    }
  }
}
