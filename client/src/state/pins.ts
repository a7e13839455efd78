import { PinMessageDocument, PinnedMessagesDocument, UnpinMessageDocument } from '../api/generated';
import type { Request } from './ports';
import { createStore, type Store } from './store';
import type { Message } from './types';

export interface PinsDeps {
  request: Request;
  /** The message as the server now has it. */
  received(message: Message): void;
}

const newestPinFirst = (a: Message, b: Message) => (b.pinnedAt ?? '').localeCompare(a.pinnedAt ?? '') || Number(b.id) - Number(a.id);

/** Pinning, and each conversation's pinned messages once its panel asked for them, kept current by every update. */
export class Pins {
  /** Per conversation whose pins were loaded: its pinned messages, newest pin first. */
  readonly pinned: Store<Record<string, readonly Message[]>> = createStore({});

  constructor(private readonly deps: PinsDeps) {}

  async load(conversationId: string): Promise<void> {
    const { conversation } = await this.deps.request(PinnedMessagesDocument, { conversationId });
    this.pinned.set({ ...this.pinned.get(), [conversationId]: conversation?.pinnedMessages ?? [] });
  }

  async pin(message: Message): Promise<void> {
    this.deps.received((await this.deps.request(PinMessageDocument, { id: message.id })).pinMessage);
  }

  async unpin(message: Message): Promise<void> {
    this.deps.received((await this.deps.request(UnpinMessageDocument, { id: message.id })).unpinMessage);
  }

  /** Any message update (live, or a mutation's answer): a loaded list follows its pin. */
  receive(message: Message): void {
    const list = this.pinned.get()[message.conversationId];
    if (!list) return;
    const others = list.filter((m) => m.id !== message.id);
    const next = message.pinnedAt && !message.deletedAt ? [message, ...others].sort(newestPinFirst) : others;
    if (next.length === list.length && next.every((m, i) => m === list[i])) return;
    this.pinned.set({ ...this.pinned.get(), [message.conversationId]: next });
  }
}
