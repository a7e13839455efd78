import { invalidArgument } from '@charla/platform';
import type { ChatStore } from '../store/store';
import { requireUser } from './callers';
import { reachMessage } from './reach';
import type { Caller, Message, Reaction } from './types';
import * as valid from './validation';

/** Different emoji one message can carry; a 21st is refused (one already there can always be added to). */
export const REACTIONS_PER_MESSAGE = 20;

// One emoji as Unicode recommends it for interchange (RGI): single pictographs, keycaps,
// flags and subdivision flags, skin tones, ZWJ sequences (families, professions). Nothing else.
// Built at run time: Node 20 knows the `v` flag, the ES2022 the code is compiled for does not.
const ONE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
const VARIATION_SELECTOR_16 = '\u{FE0F}';
// Unicode lists the five skin tones as emoji of their own; on their own they are colour swatches, not reactions.
const SKIN_TONE_ALONE = /^\p{Emoji_Modifier}$/u;
/** The longest RGI emoji is a ZWJ family of 10 code points (a few more UTF-16 units). */
const EMOJI_MAX_UNITS = 32;

/**
 * A reaction's emoji: exactly one emoji, stored in one form. Symbols with a text default
 * (❤, ☺, ✔) count as their emoji form (with U+FE0F), so "❤" and "❤️" are one reaction.
 * Letters, several emoji, an emoji with text around it, a lone skin tone or ZWJ: refused.
 */
export function reactionEmoji(value: unknown, field = 'emoji'): string {
  if (typeof value !== 'string') throw invalidArgument(field, 'must be an emoji');
  const emoji = value.trim();
  if (emoji === '' || emoji.length > EMOJI_MAX_UNITS || SKIN_TONE_ALONE.test(emoji)) throw invalidArgument(field, 'must be exactly one emoji');
  if (ONE_EMOJI.test(emoji)) return emoji;
  const withPresentation = emoji + VARIATION_SELECTOR_16;
  if ([...emoji].length === 1 && ONE_EMOJI.test(withPresentation)) return withPresentation;
  throw invalidArgument(field, 'must be exactly one emoji');
}

/** One person's reaction as stored: oldest first is the order reactions are shown in. */
export interface StoredReaction {
  messageId: number;
  userId: number;
  emoji: string;
}

/**
 * A message's reactions from its stored rows (oldest first): one entry per emoji, in the order
 * each emoji was first used, with everyone who reacted with it in the order they did.
 */
export function reactionsOf(rows: readonly StoredReaction[]): Reaction[] {
  const byEmoji = new Map<string, number[]>();
  for (const row of rows) {
    const users = byEmoji.get(row.emoji);
    if (users) users.push(row.userId);
    else byEmoji.set(row.emoji, [row.userId]);
  }
  return [...byEmoji].map(([emoji, userIds]) => ({ emoji, count: userIds.length, userIds }));
}

/** Reacting to messages: anyone who may write in the conversation, on any message of it not deleted. */
export class Reactions {
  constructor(private readonly store: ChatStore) {}

  async add(caller: Caller, request: { messageId?: unknown; emoji?: unknown }): Promise<Message> {
    const me = requireUser(caller);
    const messageId = valid.id(request.messageId, 'message_id');
    const emoji = reactionEmoji(request.emoji);
    const { message } = await reachMessage(this.store, me, messageId);
    return this.store.addReaction(message.id, me.user.id, emoji, REACTIONS_PER_MESSAGE);
  }

  /** Takes back the caller's own reaction; one they never made changes nothing. */
  async remove(caller: Caller, request: { messageId?: unknown; emoji?: unknown }): Promise<Message> {
    const me = requireUser(caller);
    const messageId = valid.id(request.messageId, 'message_id');
    const emoji = reactionEmoji(request.emoji);
    const { message } = await reachMessage(this.store, me, messageId);
    return this.store.removeReaction(message.id, me.user.id, emoji);
  }
}
