import { ExpiringCache } from '@charla/platform';
import type { MessagesClient } from '../clients/messages';
import type { Viewer } from './viewer';

const MAX_CACHED = 10_000;

/**
 * "Is this user in this conversation?", for the ephemeral typing signal, which is too frequent
 * to ask messages-service every time. A yes is trusted for a few seconds; a no is never cached.
 */
export class Membership {
  private readonly confirmed = new ExpiringCache<string, true>(MAX_CACHED);

  constructor(
    private readonly messages: Pick<MessagesClient, 'getConversation'>,
    private readonly ttlMs: number,
  ) {}

  /** Throws messages-service's NOT_FOUND / PERMISSION_DENIED for a non-member. */
  async check(viewer: Viewer, conversationId: number): Promise<void> {
    const key = `${viewer.user.id}:${conversationId}`;
    if (this.confirmed.get(key)) return;
    await this.messages.getConversation({ conversationId }, { token: viewer.token });
    this.confirmed.set(key, true, Date.now() + this.ttlMs);
  }
}
