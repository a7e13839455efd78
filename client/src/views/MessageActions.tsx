import { useState } from 'preact/hooks';
import type { Chat } from '../state/chat';
import { isOperator } from '../state/conversations';
import { mayPin } from '../state/settings';
import type { Message } from '../state/types';
import { useStore } from './hooks';
import { AddReaction } from './Reactions';

const focusComposer = () => document.getElementById('composer-input')?.focus();

/** What anyone in the conversation can do with a message: reply, react, and pin (where they may). */
export function MessageActions({ chat, message }: { chat: Chat; message: Message }) {
  const me = useStore(chat.state, (s) => s.me);
  const conversation = useStore(chat.state, (s) => s.conversations[message.conversationId]);
  const [error, setError] = useState<string>();
  const pinnable = conversation !== undefined && mayPin(conversation, me.id, isOperator(me));
  const pin = () => {
    setError(undefined);
    (message.pinnedAt ? chat.unpin(message) : chat.pin(message)).catch((e: unknown) => setError(e instanceof Error ? e.message : 'Not saved.'));
  };
  return (
    <>
      <button
        type="button"
        class="ghost small"
        onClick={() => {
          chat.replies.start(message);
          focusComposer();
        }}
      >
        Reply
      </button>
      <AddReaction chat={chat} message={message} />
      {pinnable && (
        <button type="button" class="ghost small" onClick={pin}>
          {message.pinnedAt ? 'Unpin' : 'Pin'}
        </button>
      )}
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
