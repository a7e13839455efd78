import { useEffect, useRef } from 'preact/hooks';
import type { Chat } from '../state/chat';
import { MESSAGE_MAX, messageLength } from '../state/text';
import { AttachButton, filesFrom, UploadTray } from './Attachments';
import { useStore } from './hooks';
import { useMentionPicker } from './MentionPicker';
import { ReplyBar } from './ReplyQuote';

const characters = (n: number) => `${n} character${n === 1 ? '' : 's'}`;

/** Enter sends, Shift+Enter breaks the line; the draft survives switching conversations. */
export function Composer({ chat, conversationId }: { chat: Chat; conversationId: string }) {
  const text = useStore(chat.drafts, (d) => d[conversationId] ?? '');
  const input = useRef<HTMLTextAreaElement>(null);
  const files = useStore(chat.uploads.state, (all) => all[conversationId] ?? []);
  const uploading = files.some((f) => f.state === 'uploading');
  const ready = files.flatMap((f) => (f.state === 'done' && f.attachment ? [f.attachment] : []));
  const length = messageLength(text);
  const tooLong = length > MESSAGE_MAX;
  const mentions = useMentionPicker(chat, conversationId, input);

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
    if ((!text.trim() && ready.length === 0) || tooLong || uploading) return;
    chat.send(conversationId, text, ready);
    chat.uploads.sent(conversationId);
    chat.setDraft(conversationId, '');
  };

  return (
    <>
    <UploadTray chat={chat} conversationId={conversationId} />
    <ReplyBar chat={chat} conversationId={conversationId} />
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <AttachButton chat={chat} conversationId={conversationId} />
      {mentions.list}
      <label class="visually-hidden" for="composer-input">
        Message
      </label>
      <textarea
        id="composer-input"
        ref={input}
        rows={1}
        placeholder="Write a message…"
        value={text}
        aria-invalid={tooLong ? 'true' : undefined}
        aria-describedby={length > MESSAGE_MAX - 200 ? 'composer-count' : undefined}
        {...mentions.inputProps}
        onInput={(e) => {
          const value = e.currentTarget.value;
          chat.setDraft(conversationId, value);
          if (value.trim()) chat.typingNow(conversationId);
          mentions.update();
        }}
        onClick={mentions.update}
        onKeyUp={(e) => (e.key.startsWith('Arrow') || e.key === 'Home' || e.key === 'End') && mentions.update()}
        onPaste={(e) => {
          const pasted = filesFrom(e.clipboardData);
          if (pasted.length === 0) return;
          e.preventDefault();
          chat.uploads.add(conversationId, pasted);
        }}
        onKeyDown={(e) => {
          if (mentions.onKeyDown(e)) return;
          if (e.key === 'Escape') chat.replies.cancel(conversationId);
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      {length > MESSAGE_MAX - 200 && (
        <span id="composer-count" class={`count ${tooLong ? 'over' : ''}`} aria-live="polite">
          {tooLong ? `${characters(length - MESSAGE_MAX)} too long` : `${characters(MESSAGE_MAX - length)} left`}
        </span>
      )}
      <button type="submit" class="primary send" disabled={(!text.trim() && ready.length === 0) || tooLong || uploading} aria-label="Send">
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 20.5 21 12 3 3.5 3 10l12 2-12 2z" /></svg>
      </button>
    </form>
    </>
  );
}
