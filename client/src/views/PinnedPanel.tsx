import { useEffect, useState } from 'preact/hooks';
import type { Chat } from '../state/chat';
import { isOperator } from '../state/conversations';
import { plainText } from '../state/markdown';
import { mayPin } from '../state/settings';
import { clockTime, displayName, latest } from '../state/text';
import type { Conversation } from '../state/types';
import { useStore } from './hooks';

/** A conversation's pinned messages, newest pin first, kept current live; a click shows the message in the conversation. */
export function PinnedPanel({ chat, conversation, onClose }: { chat: Chat; conversation: Conversation; onClose(): void }) {
  const pinned = useStore(chat.pins.pinned, (all) => all[conversation.id]);
  const users = useStore(chat.state, (s) => s.users);
  const me = useStore(chat.state, (s) => s.me);
  const [error, setError] = useState<string>();
  useEffect(() => {
    chat.loadPins(conversation.id).catch((e: unknown) => setError(e instanceof Error ? e.message : 'The pinned messages could not be loaded.'));
  }, [conversation.id]);
  const unpinnable = mayPin(conversation, me.id, isOperator(me));

  return (
    <aside class="pinned-panel" aria-label="Pinned messages">
      <header>
        <h3>Pinned messages</h3>
        <button type="button" class="icon" aria-label="Close pinned messages" onClick={onClose}>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="m6.4 5 5.6 5.6L17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z" /></svg>
        </button>
      </header>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {pinned === undefined ? (
        <p class="empty">Loading…</p>
      ) : pinned.length === 0 ? (
        <p class="empty">Nothing is pinned yet. Pin a message to keep it here.</p>
      ) : (
        <ul>
          {pinned.map((message) => {
            const author = message.author ? displayName(latest(users, message.author)) : 'Someone';
            return (
              <li key={message.id} class="pinned-item">
                <button type="button" class="pinned-open" onClick={() => void chat.jumpTo(conversation.id, message.seq)}>
                  <span class="pinned-author">{author}</span>
                  <span class="pinned-text">{plainText(message.body)}</span>
                  <time dateTime={message.createdAt ?? undefined}>{clockTime(message.createdAt)}</time>
                </button>
                {unpinnable && (
                  <button type="button" class="ghost small" aria-label={`Unpin ${author}’s message`} onClick={() => chat.unpin(message).catch((e: unknown) => setError(e instanceof Error ? e.message : 'Not saved.'))}>
                    Unpin
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </aside>
  );
}
