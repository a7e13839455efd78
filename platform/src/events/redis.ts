import Redis from 'ioredis';
import type { Logger } from '../logger';
import { localWakeups, type Wakeups } from './log';

/**
 * Wakeups shared by every replica of a service through Redis pub/sub. A lost message only
 * delays a watcher until its next poll: the database, not Redis, holds the events.
 */
export function redisWakeups(url: string, channel: string, log: Logger): Wakeups {
  const local = localWakeups();
  const publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 });
  const subscriber = new Redis(url, { lazyConnect: false });
  for (const client of [publisher, subscriber]) {
    client.on('error', (error) => log.warn({ err: error }, 'redis connection problem'));
  }
  subscriber.subscribe(channel).catch((error) => log.warn({ err: error }, 'redis subscribe failed'));
  subscriber.on('message', (received) => {
    if (received === channel) local.publish();
  });
  return {
    publish: () => {
      // Wake local watchers at once; other replicas hear it through Redis.
      local.publish();
      publisher.publish(channel, '1').catch((error) => log.warn({ err: error }, 'redis publish failed'));
    },
    subscribe: local.subscribe,
    close: async () => {
      await local.close();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
