import { useEffect, useRef, useState } from 'preact/hooks';
import type { Chat } from '../state/chat';

const DRAFTS = new Map<string, string>();

/** Enter sends, Shift+Enter breaks the line; the draft survives switching conversations. */
export function Composer({ chat, conversationId }: { chat: Chat; conversationId: string }) {
  const [text, setText] = useState(DRAFTS.get(conversationId) ?? '');
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (matchMedia('(min-width: 720px)').matches) input.current?.focus();
  }, [conversationId]);

  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }, [text]);

  const send = () => {
    if (!text.trim()) return;
    chat.send(conversationId, text);
    setText('');
    DRAFTS.delete(conversationId);
  };

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label class="visually-hidden" for="composer-input">
        Message
      </label>
      <textarea
        id="composer-input"
        ref={input}
        rows={1}
        placeholder="Write a message…"
        value={text}
        maxLength={4000}
        onInput={(e) => {
          const value = e.currentTarget.value;
          setText(value);
          DRAFTS.set(conversationId, value);
          if (value.trim()) chat.typingNow(conversationId);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      <button type="submit" class="primary send" disabled={!text.trim()} aria-label="Send">
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 20.5 21 12 3 3.5 3 10l12 2-12 2z" /></svg>
      </button>
    </form>
  );
}
