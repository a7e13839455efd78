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
  // "<replica> <last id>"; a bare "<replica>" (an older replica) names no id.
  const unsubscribe = pubsub.subscribe(channel, (message) => {
    const [from, lastId] = message.split(' ');
    if (from !== me) local.publish(lastId === undefined ? undefined : Number(lastId) || undefined);
  });
  return {
    publish: (lastId) => {
      local.publish(lastId);
      pubsub.publish(channel, lastId === undefined ? me : `${me} ${lastId}`);
    },
    subscribe: local.subscribe,
    close: async () => {
      unsubscribe();
      await local.close();
      await pubsub.close();
    },
  };
}
