import { AddReactionDocument, RemoveReactionDocument, type LiveMessageFieldsFragment } from '../api/generated';
import type { KeyValueStorage, Request } from './ports';
import type { Message } from './types';

const RECENT_KEY = 'charla.recentEmoji';
const RECENT_MAX = 16;

export type Reaction = Message['reactions'][number];

/** A message as the streams everyone shares carry it: counts, but not whether I reacted. */
export type LiveMessage = LiveMessageFieldsFragment;

/** The reactions after I toggle one emoji: mine added (a new emoji goes last) or taken back (an emoji nobody keeps goes). */
export function toggled(reactions: readonly Reaction[], emoji: string): Reaction[] {
  const existing = reactions.find((r) => r.emoji === emoji);
  if (!existing) return [...reactions, { emoji, count: 1, reactedByMe: true }];
  if (!existing.reactedByMe) return reactions.map((r) => (r === existing ? { ...r, count: r.count + 1, reactedByMe: true } : r));
  if (existing.count <= 1) return reactions.filter((r) => r !== existing);
  return reactions.map((r) => (r === existing ? { ...r, count: r.count - 1, reactedByMe: false } : r));
}

/**
 * A shared stream's message with my own marks from the copy held here: whether I reacted with an
 * emoji changes only when I react, and my reactions come back to me from the server directly.
 */
export function withMyReactions(message: LiveMessage, known: Message | undefined): Message {
  const mine = new Set((known?.reactions ?? []).filter((r) => r.reactedByMe).map((r) => r.emoji));
  return { ...message, reactions: message.reactions.map((r) => ({ ...r, reactedByMe: mine.has(r.emoji) })) };
}

export interface ReactionsDeps {
  request: Request;
  storage: KeyValueStorage;
  /** The message as it now stands (shown at once, then as the server has it). */
  received(message: Message): void;
}

/** My reactions: toggled at once on screen, then as the server stored them; the emoji I used last come first in the picker. */
export class Reactions {
  constructor(private readonly deps: ReactionsDeps) {}

  /** Adds my reaction, or takes it back if I had made it; a refusal puts the message back as it was and rejects. */
  async toggle(message: Message, emoji: string): Promise<void> {
    const mine = message.reactions.some((r) => r.emoji === emoji && r.reactedByMe);
    this.deps.received({ ...message, reactions: toggled(message.reactions, emoji) });
    try {
      if (mine) this.deps.received((await this.deps.request(RemoveReactionDocument, { messageId: message.id, emoji })).removeReaction);
      else {
        this.remember(emoji);
        this.deps.received((await this.deps.request(AddReactionDocument, { messageId: message.id, emoji })).addReaction);
      }
    } catch (error) {
      this.deps.received(message);
      throw error;
    }
  }

  /** The emoji I reacted with lately, newest first. */
  recent(): string[] {
    try {
      const parsed: unknown = JSON.parse(this.deps.storage.getItem(RECENT_KEY) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((e): e is string => typeof e === 'string').slice(0, RECENT_MAX) : [];
    } catch {
      return [];
    }
  }

  private remember(emoji: string): void {
    const recent = [emoji, ...this.recent().filter((e) => e !== emoji)].slice(0, RECENT_MAX);
    try {
      this.deps.storage.setItem(RECENT_KEY, JSON.stringify(recent));
    } catch {
      // A full or blocked storage only forgets the recent row.
    }
  }
}
