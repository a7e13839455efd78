import { randomUUID } from 'node:crypto';
import type { PubSub } from '../pubsub';
import { localWakeups, type Wakeups } from './log';

/**
 * Wakeups shared by every replica of a service over pub/sub. The publishing replica wakes its
 * own watchers at once and ignores the echo; a lost message only delays a watcher until its
 * next poll, because the database, not the channel, holds the events.
 */
export function sharedWakeups(pubsub: PubSub, channel: string): Wakeups {
  const local = localWakeups();
  const me = randomUUID();
  const unsubscribe = pubsub.subscribe(channel, (from) => from !== me && local.publish());
  return {
    publish: () => {
      local.publish();
      pubsub.publish(channel, me);
    },
    subscribe: local.subscribe,
    close: async () => {
      unsubscribe();
      await local.close();
      await pubsub.close();
    },
  };
}
