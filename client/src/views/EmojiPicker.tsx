import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PickerPlace } from './place';
import { COMMON_EMOJI, EMOJI_GROUPS, searchEmoji } from '../state/emoji';

export interface EmojiPickerProps {
  /** The emoji I used last, newest first. */
  recent: readonly string[];
  /** Where it opens in the window (see placePicker); unset, rich.css places it. */
  place?: PickerPlace;
  onChoose(emoji: string): void;
  onClose(): void;
}

const COLUMNS = 8;
const nameOf = new Map(EMOJI_GROUPS.flatMap((group) => group.emoji.map(([emoji, name]) => [emoji, name] as const)));

/**
 * Recent and common emoji, every group, and a search by name. One Tab stop for the grid (arrow
 * keys move in it, Home and End jump), Enter or a click chooses, Escape or a click outside closes.
 */
export function EmojiPicker({ recent, place, onChoose, onClose }: EmojiPickerProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);

  const sections = useMemo(() => {
    if (query.trim()) return [{ name: 'Results', emoji: searchEmoji(query).map(([emoji]) => emoji) }];
    return [
      ...(recent.length > 0 ? [{ name: 'Recent', emoji: [...recent] }] : []),
      { name: 'Frequently used', emoji: [...COMMON_EMOJI] },
      ...EMOJI_GROUPS.map((group) => ({ name: group.name, emoji: group.emoji.map(([emoji]) => emoji) })),
    ];
  }, [query, recent]);
  const all = sections.flatMap((section) => section.emoji);

  useEffect(() => {
    search.current?.focus();
    const outside = (e: PointerEvent) => root.current && !root.current.contains(e.target as Node) && onClose();
    document.addEventListener('pointerdown', outside);
    // Placed in the window, it would stay put while the messages scroll away under it.
    const list = place ? root.current?.closest('.messages') : null;
    list?.addEventListener('scroll', onClose);
    return () => {
      document.removeEventListener('pointerdown', outside);
      list?.removeEventListener('scroll', onClose);
    };
  }, []);
  useEffect(() => setActive(0), [query]);

  const focusAt = (index: number) => {
    const next = Math.max(0, Math.min(all.length - 1, index));
    setActive(next);
    root.current?.querySelector<HTMLButtonElement>(`[data-index="${next}"]`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      return onClose();
    }
    if (!(e.target instanceof HTMLButtonElement) || e.target.dataset.index === undefined) {
      if (e.key === 'ArrowDown' && all.length > 0) {
        e.preventDefault();
        focusAt(active);
      } else if (e.key === 'Enter' && all.length > 0) {
        e.preventDefault();
        onChoose(all[0]);
      }
      return;
    }
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS };
    if (e.key in moves) {
      e.preventDefault();
      focusAt(active + moves[e.key]);
    } else if (e.key === 'Home') {
      e.preventDefault();
      focusAt(0);
    } else if (e.key === 'End') {
      e.preventDefault();
      focusAt(all.length - 1);
    }
  };

  let index = 0;
  return (
    <div class="emoji-picker" style={place && { position: 'fixed', left: `${place.left}px`, top: `${place.top}px`, bottom: 'auto', right: 'auto' }} role="dialog" aria-label="Choose an emoji" ref={root} onKeyDown={onKeyDown}>
      <label class="visually-hidden" for="emoji-search">
        Search emoji
      </label>
      <input id="emoji-search" ref={search} type="search" placeholder="Search emoji" value={query} onInput={(e) => setQuery(e.currentTarget.value)} autocomplete="off" />
      <div class="emoji-sections">
        {all.length === 0 && <p class="empty">No emoji by that name.</p>}
        {sections.map((section) => (
          <section key={section.name} aria-label={section.name}>
            <h3>{section.name}</h3>
            <div class="emoji-grid">
              {section.emoji.map((emoji) => {
                const at = index++;
                const name = nameOf.get(emoji) ?? emoji;
                return (
                  <button key={`${section.name}${emoji}`} type="button" data-index={at} tabIndex={at === active ? 0 : -1} aria-label={name} title={name} onClick={() => onChoose(emoji)}>
                    {emoji}
                  </button>
                );
              })}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
