import { backoff } from '../api/backoff';
import { DeleteMessageDocument, EditMessageDocument, SendMessageDocument } from '../api/generated';
import { RequestError } from '../api/graphql';
import { newClientId, Outbox } from './outbox';
import type { Clock, KeyValueStorage, Request } from './ports';
import { createStore, patch, type ChatStore, type Store } from './store';
import type { Message } from './types';
import type { Attachment } from './uploads';

export interface SendingDeps {
  store: ChatStore;
  request: Request;
  storage: KeyValueStorage;
  clock: Pick<Clock, 'now' | 'after'>;
  randomBytes(n: number): Uint8Array;
  /** The server's copy of a message sent, edited or deleted here. */
  received(message: Message): void;
  /** The message the composer was replying to, if any: the send answers it (and the reply ends). */
  takeReply(conversationId: string): string | undefined;
}

/**
 * What I write: drafts, the outbox (messages not yet stored, kept across reloads and sent in
 * order, each under one clientId so no retry stores it twice), and edits and deletions.
 */
export class Sending {
  /** Unsent text per conversation, apart from the chat's state so a keystroke re-renders only the composer. */
  readonly drafts: Store<Record<string, string>> = createStore({});
  private readonly outbox: Outbox;
  private flushing = false;
  private flushAgain = false;
  private cancelRetry: (() => void) | undefined;
  private attempt = 0;
  private stopped = false;

  constructor(private readonly deps: SendingDeps) {
    this.outbox = new Outbox(deps.storage, `charla.outbox.${deps.store.get().me.id}`);
    this.changed();
  }

  /** Queues a message under a fresh clientId; it shows as pending until the server stores it. */
  send(conversationId: string, body: string, attachments: readonly Attachment[] = []): void {
    const text = body.replace(/\s+$/, '');
    if (!text.trim() && attachments.length === 0) return;
    const clientId = newClientId(this.deps.randomBytes);
    const replyToId = this.deps.takeReply(conversationId);
    this.outbox.add({
      clientId,
      conversationId,
      body: text,
      ...(attachments.length > 0 ? { attachments: [...attachments] } : {}),
      ...(replyToId ? { replyToId } : {}),
      createdAt: new Date(this.deps.clock.now()).toISOString(),
    });
    this.changed();
    this.flush();
  }

  retry(clientId: string): void {
    this.outbox.revive(clientId);
    this.changed();
    this.flush();
  }

  discard(clientId: string): void {
    this.outbox.settle(clientId);
    this.changed();
  }

  /** The server stored it (its answer, a push or a replay said so): no longer pending. */
  settled(clientId: string): void {
    if (this.outbox.settle(clientId)) this.changed();
  }

  /** A refused message goes back into its composer, to be fixed and sent again. */
  editUnsent(clientId: string): void {
    const message = this.outbox.all().find((p) => p.clientId === clientId);
    if (!message) return;
    const draft = this.drafts.get()[message.conversationId]?.trim();
    this.setDraft(message.conversationId, draft ? `${message.body}\n${draft}` : message.body);
    this.discard(clientId);
  }

  setDraft(conversationId: string, text: string): void {
    const { [conversationId]: _old, ...rest } = this.drafts.get();
    this.drafts.set(text ? { ...rest, [conversationId]: text } : rest);
  }

  /** On a chosen sign-out: what was not sent is not left behind in this browser. */
  forgetUnsent(): void {
    for (const p of this.outbox.all()) this.outbox.settle(p.clientId);
  }

  async edit(id: string, body: string): Promise<void> {
    const { editMessage } = await this.deps.request(EditMessageDocument, { id, body });
    this.deps.received(editMessage);
  }

  /** Rejects with the server's refusal, for the person who asked to see it. */
  async remove(id: string): Promise<void> {
    const { deleteMessage } = await this.deps.request(DeleteMessageDocument, { id });
    this.deps.received(deleteMessage);
  }

  /** Sends the outbox in order; a transient failure pauses it until the link is back or a backoff passes. */
  flush(): void {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = true;
    this.cancelRetry?.();
    void this.sendAll().finally(() => (this.flushing = false));
  }

  stop(): void {
    this.stopped = true;
    this.cancelRetry?.();
  }

  private async sendAll(): Promise<void> {
    do {
      this.flushAgain = false;
      for (const pending of this.outbox.retryable()) {
        if (this.stopped) return;
        try {
          const { sendMessage } = await this.deps.request(SendMessageDocument, {
            conversationId: pending.conversationId,
            body: pending.body,
            clientId: pending.clientId,
            attachmentIds: pending.attachments?.map((a) => a.id),
            replyToId: pending.replyToId,
          });
          this.attempt = 0;
          this.settled(pending.clientId);
          this.deps.received(sendMessage);
        } catch (error) {
          // Lost network, rate limit, a service restarting: the same message, in order, a little later.
          if (error instanceof RequestError && error.transient) {
            const wait = error.code === 'TOO_MANY_REQUESTS' ? Math.max(1_000, backoff(this.attempt++)) : backoff(this.attempt++);
            this.cancelRetry = this.deps.clock.after(wait, () => this.flush());
            return;
          }
          // The session ended: the chat is signing out, and the message stays for the next sign-in.
          if (error instanceof RequestError && error.code === 'UNAUTHENTICATED') return;
          this.outbox.refuse(pending.clientId, refusal(error));
          this.changed();
        }
      }
    } while (this.flushAgain);
  }

  private changed(): void {
    patch(this.deps.store, { pending: this.outbox.all() });
  }
}

/** Why the server refused a message, in words for the person who wrote it. */
function refusal(error: unknown): { error: string; retryable: boolean } {
  if (!(error instanceof RequestError)) return { error: 'Not sent.', retryable: true };
  switch (error.code) {
    case 'BAD_USER_INPUT':
      return { error: `Not sent: ${bodyProblem(error) ?? error.message}`, retryable: false };
    case 'FORBIDDEN':
    case 'NOT_FOUND':
      return { error: 'Not sent: you are no longer in this conversation.', retryable: true };
    default:
      return { error: `Not sent: ${error.message}`, retryable: true };
  }
}

/** "the message must be at most 4000 characters." from the body's field violation. */
function bodyProblem(error: RequestError): string | undefined {
  const violation = error.errors[0]?.extensions?.fieldViolations?.find((v) => v.field === 'body');
  return violation && `the message ${violation.description.replace(/\.$/, '')}.`;
}
