import data from './emoji-data.json';

/**
 * The emoji picker's list: about a thousand emoji with their Unicode names (and a few words
 * people search by), in the usual groups. Imported by the picker only, so it loads with the
 * picker and not with the app.
 */
export interface EmojiGroup {
  name: string;
  /** [emoji, name] */
  emoji: readonly (readonly [string, string])[];
}

// Symbols whose default is text (❤, ☀, ✔) are shown and sent in their emoji form.
const TEXT_DEFAULT = /^\p{Extended_Pictographic}$/u;
const EMOJI_FORM = /\p{Emoji_Presentation}/u;
const emojiForm = (emoji: string) => (TEXT_DEFAULT.test(emoji) && !EMOJI_FORM.test(emoji) ? `${emoji}\u{FE0F}` : emoji);

export const EMOJI_GROUPS: readonly EmojiGroup[] = (data as { name: string; emoji: [string, string][] }[]).map((group) => ({
  name: group.name,
  emoji: group.emoji.map(([emoji, name]) => [emojiForm(emoji), name] as const),
}));

/** The first row: what people react with most. */
export const COMMON_EMOJI: readonly string[] = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀'];

/** Emoji whose name (or a word of it) starts with each word of the query, at most `limit`. */
export function searchEmoji(query: string, limit = 48): (readonly [string, string])[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const found: (readonly [string, string])[] = [];
  for (const group of EMOJI_GROUPS) {
    for (const entry of group.emoji) {
      const names = entry[1].split(/[\s-]+/);
      if (words.every((word) => names.some((name) => name.startsWith(word)))) found.push(entry);
      if (found.length >= limit) return found;
    }
  }
  return found;
}
