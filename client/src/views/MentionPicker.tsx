import type { RefObject, VNode } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { Chat } from '../state/chat';
import { displayName, latest, memberUsers } from '../state/text';
import type { MemberUser } from '../state/types';
import { Avatar } from './Avatar';
import { useStore } from './hooks';

const MAX_OFFERED = 8;
// An @ at the start or after a space or bracket, then what is typed of a username, up to the caret.
const TYPING_MENTION = /(?:^|[\s([{"'])@([\p{L}\p{Nd}_.-]{0,32})$/u;

interface Typed {
  /** Where the @ is. */
  at: number;
  query: string;
}

/** The @name being typed just before the caret, if any. */
function typedMention(text: string, caret: number): Typed | undefined {
  const match = TYPING_MENTION.exec(text.slice(0, caret));
  if (!match) return undefined;
  return { at: caret - match[1].length - 1, query: match[1] };
}

/** Members whose username or name starts with what is typed (any word of it), me left out. */
function candidates(members: MemberUser[], meId: string, query: string): MemberUser[] {
  const q = query.toLowerCase();
  return members
    .filter((u) => u.id !== meId)
    .filter((u) => !q || [u.username, u.firstName, u.lastName].some((name) => name.toLowerCase().startsWith(q)))
    .sort((a, b) => a.username.localeCompare(b.username))
    .slice(0, MAX_OFFERED);
}

export interface MentionPicker {
  /** The list, shown while an @name is typed and members match it. */
  list: VNode | null;
  /** The composer's keys: true when the picker took the key (arrows, Enter, Tab, Escape). */
  onKeyDown(e: KeyboardEvent): boolean;
  /** After every input and caret move. */
  update(): void;
  /** ARIA for the textarea: it controls the list, the highlighted option is its active descendant. */
  inputProps: { 'aria-autocomplete': 'list'; 'aria-controls'?: string; 'aria-activedescendant'?: string };
}

/**
 * `@` in the composer offers the conversation's members: arrows move, Enter or Tab picks, Escape
 * closes; a pick writes `@username ` in place. Which mentions count is the server's to say.
 */
export function useMentionPicker(chat: Chat, conversationId: string, input: RefObject<HTMLTextAreaElement | null>): MentionPicker {
  const conversation = useStore(chat.state, (s) => s.conversations[conversationId]);
  const users = useStore(chat.state, (s) => s.users);
  const me = useStore(chat.state, (s) => s.me.id);
  const [typed, setTyped] = useState<Typed>();
  const [active, setActive] = useState(0);
  const [closedAt, setClosedAt] = useState<number>();

  const members = useMemo(() => (conversation ? memberUsers(conversation).map((u) => latest(users, u)) : []), [conversation, users]);
  const offered = typed && typed.at !== closedAt ? candidates(members, me, typed.query) : [];
  const open = offered.length > 0;
  const optionId = (i: number) => `mention-option-${i}`;

  const update = () => {
    const el = input.current;
    const next = el ? typedMention(el.value, el.selectionStart ?? el.value.length) : undefined;
    if (next?.at !== typed?.at || next?.query !== typed?.query) setActive(0);
    if (next?.at !== closedAt) setClosedAt(undefined);
    setTyped(next);
  };

  const pick = (user: MemberUser) => {
    const el = input.current;
    if (!el || !typed) return;
    const caret = typed.at + 1 + typed.query.length;
    const inserted = `@${user.username} `;
    const text = `${el.value.slice(0, typed.at)}${inserted}${el.value.slice(caret)}`;
    chat.setDraft(conversationId, text);
    setTyped(undefined);
    const place = typed.at + inserted.length;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(place, place);
    });
  };

  const onKeyDown = (e: KeyboardEvent): boolean => {
    if (!open) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((active + (e.key === 'ArrowDown' ? 1 : offered.length - 1)) % offered.length);
      return true;
    }
    if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
      e.preventDefault();
      pick(offered[Math.min(active, offered.length - 1)]);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      setClosedAt(typed?.at);
      return true;
    }
    return false;
  };

  const list = open ? (
    <ul class="mention-picker" id="mention-list" role="listbox" aria-label="Members to mention">
      {offered.map((user, i) => (
        <li
          key={user.id}
          id={optionId(i)}
          role="option"
          aria-selected={i === active}
          class={i === active ? 'active' : ''}
          // Keeps the focus (and the caret) in the composer.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => pick(user)}
        >
          <Avatar user={user} size={24} />
          <span class="mention-name">{displayName(user)}</span>
          <span class="mention-username">@{user.username}</span>
        </li>
      ))}
    </ul>
  ) : null;

  return {
    list,
    onKeyDown,
    update,
    inputProps: { 'aria-autocomplete': 'list', 'aria-controls': open ? 'mention-list' : undefined, 'aria-activedescendant': open ? optionId(active) : undefined },
  };
}
