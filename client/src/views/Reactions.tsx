import type { FunctionComponent } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { Chat } from '../state/chat';
import type { Message } from '../state/types';
import type { EmojiPickerProps } from './EmojiPicker';
import { placePicker, type PickerPlace } from './place';

/** Below this width rich.css docks the picker above the composer instead. */
const PHONE_WIDTH = 720;

/** The picker's code (and its thousand emoji) loads on the first click of a React button, not with the app. */
let picker: Promise<FunctionComponent<EmojiPickerProps>> | undefined;
const loadPicker = () => (picker ??= import('./EmojiPicker').then((module) => module.EmojiPicker));

/** A button that opens the emoji picker; the chosen emoji toggles my reaction. */
export function AddReaction({ chat, message, compact = false }: { chat: Chat; message: Message; compact?: boolean }) {
  const [Picker, setPicker] = useState<FunctionComponent<EmojiPickerProps> | null>(null);
  const [open, setOpen] = useState(false);
  const [place, setPlace] = useState<PickerPlace>();
  const [error, setError] = useState<string>();
  const button = useRef<HTMLButtonElement>(null);
  const toggle = () => {
    const at = button.current?.getBoundingClientRect();
    setPlace(at && window.innerWidth >= PHONE_WIDTH ? placePicker(at, window.innerWidth, window.innerHeight) : undefined);
    setOpen(!open);
    if (!Picker) loadPicker().then((component) => setPicker(() => component), () => setError('The emoji could not be loaded.'));
  };
  const choose = (emoji: string) => {
    setOpen(false);
    chat.react(message, emoji).catch((e: unknown) => setError(e instanceof Error ? e.message : 'Not saved.'));
  };
  return (
    <span class="add-reaction">
      <button type="button" ref={button} class={compact ? 'reaction add' : 'ghost small'} aria-label="Add reaction" title="Add reaction" aria-expanded={open} aria-haspopup="dialog" onClick={toggle}>
        {compact ? '+' : 'React'}
      </button>
      {open && Picker && <Picker recent={chat.reactions.recent()} place={place} onChoose={choose} onClose={() => setOpen(false)} />}
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

/** Under a message: one chip per emoji with its count, mine highlighted; a click toggles mine. */
export function Reactions({ chat, message }: { chat: Chat; message: Message }) {
  const [error, setError] = useState<string>();
  if (message.reactions.length === 0 || message.deletedAt) return null;
  return (
    <div class="reactions" role="group" aria-label="Reactions">
      {message.reactions.map((reaction) => {
        const mine = reaction.reactedByMe;
        const others = reaction.count - (mine ? 1 : 0);
        const who = [...(mine ? ['you'] : []), ...(others > 0 ? [`${others} ${others === 1 ? 'other' : 'others'}`] : [])].join(' and ');
        return (
          <button
            key={reaction.emoji}
            type="button"
            class={`reaction ${mine ? 'mine' : ''}`}
            aria-pressed={mine}
            aria-label={`${reaction.emoji} ${reaction.count}${mine ? ', mine' : ''}`}
            title={`${who[0].toUpperCase()}${who.slice(1)} reacted with ${reaction.emoji}`}
            onClick={() => chat.react(message, reaction.emoji).catch((e: unknown) => setError(e instanceof Error ? e.message : 'Not saved.'))}
          >
            <span class="reaction-emoji">{reaction.emoji}</span>
            <span class="reaction-count">{reaction.count}</span>
          </button>
        );
      })}
      <AddReaction chat={chat} message={message} compact />
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
