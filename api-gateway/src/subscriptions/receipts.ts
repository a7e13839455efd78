import type { Logger } from '@charla/platform';
import type { MessagesClient } from '../clients/messages';
import type { Viewer } from '../auth/viewer';

const FLUSH_MS = 50;

/**
 * Marks messages delivered once they reach a member's socket. Deliveries are coalesced per
 * session and conversation (the marker only moves forward, so the highest seq says it all),
 * which turns a burst of fifty messages into one MarkDelivered.
 */
export class DeliveryReceipts {
  private readonly pending = new Map<string, { viewer: Viewer; conversationId: number; seq: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly messages: MessagesClient,
    private readonly log: Logger,
  ) {}

  delivered(viewer: Viewer, conversationId: number, seq: number): void {
    const key = `${viewer.sessionId}:${conversationId}`;
    const entry = this.pending.get(key);
    if (entry) entry.seq = Math.max(entry.seq, seq);
    else this.pending.set(key, { viewer, conversationId, seq });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    await Promise.all(
      batch.map(({ viewer, conversationId, seq }) =>
        this.messages
          .markDelivered({ conversationId, seq }, { token: viewer.token })
          .catch((error: unknown) => this.log.debug({ err: error, conversationId, seq }, 'could not mark delivered')),
      ),
    );
  }
}
