import type { Chat } from '../state/chat';
import { plainText } from '../state/markdown';
import { displayName, latest } from '../state/text';
import type { Message } from '../state/types';
import { useStore } from './hooks';

/** The first line of a message as a quote shows it: plain text, no marks. */
const firstLine = (body: string) => plainText(body).split('\n', 1)[0] ?? '';

/** Above a reply: who it answers and their first line (or that it was deleted); a click goes to the original. */
export function ReplyQuote({ chat, message }: { chat: Chat; message: Message }) {
  const users = useStore(chat.state, (s) => s.users);
  const quote = message.replyTo;
  if (!quote) return null;
  const author = quote.author ? displayName(latest(users, quote.author)) : 'Someone';
  const deleted = quote.status === 'DELETED';
  const text = deleted ? 'Original message deleted' : firstLine(quote.body);
  return (
    <button
      type="button"
      class={`reply-quote ${deleted ? 'deleted' : ''}`}
      onClick={() => void chat.jumpTo(message.conversationId, quote.seq)}
      aria-label={`In reply to ${author}: ${text}. Show the original`}
    >
      <span class="reply-author">{author}</span>
      <span class="reply-text">{text}</span>
    </button>
  );
}

/** Above the composer while replying: what the next message answers, and a way out (the × or Escape). */
export function ReplyBar({ chat, conversationId }: { chat: Chat; conversationId: string }) {
  const replyingTo = useStore(chat.replies.replyingTo, (all) => all[conversationId]);
  const users = useStore(chat.state, (s) => s.users);
  if (!replyingTo) return null;
  const author = replyingTo.author ? displayName(latest(users, replyingTo.author)) : 'Someone';
  return (
    <div class="reply-bar" role="status">
      <span class="reply-bar-text">
        Replying to <strong>{author}</strong>: {firstLine(replyingTo.body)}
      </span>
      <button type="button" class="icon" aria-label="Cancel the reply" onClick={() => chat.replies.cancel(conversationId)}>
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d="m6.4 5 5.6 5.6L17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z" /></svg>
      </button>
    </div>
  );
}
