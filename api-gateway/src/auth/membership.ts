import type { MessagesClient } from '../clients/messages';
import type { Viewer } from './viewer';

const MAX_CACHED = 10_000;

/**
 * "Is this user in this conversation?", for the ephemeral typing signal, which is too frequent
 * to ask messages-service every time. A yes is trusted for a few seconds; a no is never cached.
 */
export class Membership {
  private readonly confirmed = new Map<string, number>();

  constructor(
    private readonly messages: MessagesClient,
    private readonly ttlMs: number,
  ) {}

  /** Throws messages-service's NOT_FOUND / PERMISSION_DENIED for a non-member. */
  async check(viewer: Viewer, conversationId: number): Promise<void> {
    const key = `${viewer.user.id}:${conversationId}`;
    const until = this.confirmed.get(key);
    if (until !== undefined && until > Date.now()) return;
    await this.messages.getConversation({ conversationId }, { token: viewer.token });
    if (this.confirmed.size >= MAX_CACHED) this.confirmed.delete(this.confirmed.keys().next().value as string);
    this.confirmed.set(key, Date.now() + this.ttlMs);
  }
}
