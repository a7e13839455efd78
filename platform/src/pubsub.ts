import { EventEmitter } from 'node:events';
import Redis from 'ioredis';
import type { Logger } from './logger';

/**
 * Short messages on named channels, heard by every subscriber of the channel: in this process
 * alone, or in every process of a deployment through Redis. Fire and forget: nothing is
 * stored, so a lost message must only ever delay something the database still holds.
 */
export interface PubSub {
  publish(channel: string, message: string): void;
  /** Returns the unsubscribe. */
  subscribe(channel: string, listener: (message: string) => void): () => void;
  close(): Promise<void>;
}

/** Channels within one process (a single replica, or tests). Listeners run on a microtask, as they would for Redis. */
export function localPubSub(): PubSub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (channel, message) => queueMicrotask(() => emitter.emit(channel, message)),
    subscribe: (channel, listener) => {
      emitter.on(channel, listener);
      return () => emitter.off(channel, listener);
    },
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}

/**
 * Channels shared by every process on one Redis. A process hears its own messages too (they
 * come back from Redis), so every subscriber hears each message once wherever it was published.
 */
export function redisPubSub(url: string, log: Logger): PubSub {
  const publisher = new Redis(url, { maxRetriesPerRequest: 1 });
  const subscriber = new Redis(url);
  for (const client of [publisher, subscriber]) client.on('error', (error) => log.warn({ err: error }, 'redis connection problem'));
  const local = new EventEmitter();
  local.setMaxListeners(0);
  subscriber.on('message', (channel: string, message: string) => local.emit(channel, message));
  return {
    publish: (channel, message) => void publisher.publish(channel, message).catch((error) => log.warn({ err: error, channel }, 'redis publish failed')),
    subscribe: (channel, listener) => {
      if (local.listenerCount(channel) === 0) subscriber.subscribe(channel).catch((error) => log.warn({ err: error, channel }, 'redis subscribe failed'));
      local.on(channel, listener);
      return () => {
        local.off(channel, listener);
        if (local.listenerCount(channel) === 0) void subscriber.unsubscribe(channel).catch(() => undefined);
      };
    },
    close: async () => {
      local.removeAllListeners();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
