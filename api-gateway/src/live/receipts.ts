import type { Logger } from '@charla/platform';
import type { MessagesClient } from '../clients/messages';

/** How long deliveries gather before they are recorded: a delivered tick may lag this much. */
const FLUSH_MS = 250;
/** The most entries one RecordDeliveries takes. */
const BATCH = 1_000;

/**
 * Marks messages delivered once they reach a member's socket. Deliveries are coalesced per
 * user and conversation (the marker only moves forward, so the highest seq says it all) and
 * recorded for every user at once in one RecordDeliveries per flush: a room of a thousand
 * sockets costs one call, not a thousand.
 */
export class DeliveryReceipts {
  private readonly pending = new Map<string, { userId: number; conversationId: number; seq: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly messages: Pick<MessagesClient, 'recordDeliveries'>,
    private readonly log: Logger,
  ) {}

  /** This user's socket received the message at `seq` of this conversation. */
  delivered(userId: number, conversationId: number, seq: number): void {
    const key = `${userId}:${conversationId}`;
    const entry = this.pending.get(key);
    if (entry) entry.seq = Math.max(entry.seq, seq);
    else this.pending.set(key, { userId, conversationId, seq });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const deliveries = [...this.pending.values()];
    this.pending.clear();
    const batches = [];
    for (let start = 0; start < deliveries.length; start += BATCH) batches.push(deliveries.slice(start, start + BATCH));
    await Promise.all(
      batches.map((batch) =>
        this.messages
          .recordDeliveries({ deliveries: batch }, 'service')
          // A lost receipt only delays a tick: the next delivery in that conversation carries it.
          .catch((error: unknown) => this.log.warn({ err: error, deliveries: batch.length }, 'could not record deliveries')),
      ),
    );
  }
}
