import type { MessagesClient } from './clients/messages';
import { Channel } from './live/channel';

/**
 * The message of the day as this gateway knows it: read from messages-service the first time it
 * is asked for, then kept current by its MOTD_CHANGED events, which also reach every
 * `motdChanged` subscriber. null when there is none.
 */
export class MessageOfTheDay {
  private current: Promise<string | null> | undefined;
  private readonly listeners = new Set<(motd: string | null) => void>();

  constructor(private readonly messages: Pick<MessagesClient, 'getMotd'>) {}

  text(): Promise<string | null> {
    this.current ??= this.messages.getMotd({}, 'service').then(
      ({ motd }) => motd || null,
      (error: unknown) => {
        // Asked again next time: a failed read is not the message of the day.
        this.current = undefined;
        throw error;
      },
    );
    return this.current;
  }

  /** A MOTD_CHANGED event ('' when it was cleared). */
  changed(motd: string): void {
    const value = motd || null;
    this.current = Promise.resolve(value);
    for (const listener of this.listeners) listener(value);
  }

  /** Every change from now on, until the subscriber leaves. */
  changes(): Channel<string | null> {
    const channel = new Channel<string | null>(() => this.listeners.delete(push));
    const push = (motd: string | null) => channel.push(motd);
    this.listeners.add(push);
    return channel;
  }
}
