import { createStore, type Store } from './store';
import type { Message } from './types';

/** The message each conversation's composer is answering, until it is sent or cancelled. */
export class Replies {
  readonly replyingTo: Store<Record<string, Message>> = createStore({});

  start(message: Message): void {
    this.replyingTo.set({ ...this.replyingTo.get(), [message.conversationId]: message });
  }

  cancel(conversationId: string): void {
    const { [conversationId]: _gone, ...rest } = this.replyingTo.get();
    this.replyingTo.set(rest);
  }

  /** The answered message for a send, which ends the reply. */
  take(conversationId: string): Message | undefined {
    const message = this.replyingTo.get()[conversationId];
    if (message) this.cancel(conversationId);
    return message;
  }
}
