import { useEffect, useRef, useState } from 'preact/hooks';
import type { Chat } from '../state/chat';
import { AttachmentList } from './Attachments';
import { clockTime } from '../state/text';
import type { Message, PendingMessage } from '../state/types';
import { Markdown, MessageMarkdown } from './Markdown';
import { MessageActions } from './MessageActions';
import { Reactions } from './Reactions';
import { ReplyQuote } from './ReplyQuote';

const TICKS: Record<Message['status'], { mark: string; label: string }> = {
  SENT: { mark: '✓', label: 'Sent' },
  DELIVERED: { mark: '✓✓', label: 'Delivered' },
  READ: { mark: '✓✓', label: 'Read' },
  DELETED: { mark: '', label: 'Deleted' },
};

/** `author`: the name to show, as fresh as the people list (a rename shows at once). */
export function MessageItem({ chat, message, author, mine, showAuthor }: { chat: Chat; message: Message; author?: string; mine: boolean; showAuthor: boolean }) {
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  // Leaving the editor puts focus back on the Edit button, not nowhere.
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  const [draft, setDraft] = useState(message.body);
  const [error, setError] = useState<string>();
  /** Why the last delete did not happen. */
  const [refused, setRefused] = useState<string>();
  const deleted = Boolean(message.deletedAt) || message.status === 'DELETED';

  const save = () => {
    const body = draft.trim();
    if (!body || body === message.body) return setEditing(false);
    chat
      .edit(message.id, body)
      .then(() => setEditing(false))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : 'Not saved'));
  };

  // A refused (or unreachable) delete says so under the message, which stays as it was.
  const remove = () => {
    if (!confirm('Delete this message for everyone?')) return;
    setRefused(undefined);
    chat.remove(message.id).catch((e: unknown) => setRefused(e instanceof Error ? e.message : 'Not deleted'));
  };

  const tick = TICKS[message.status];
  return (
    <li class={`message ${mine ? 'mine' : ''} ${message.isFromSupport ? 'support' : ''}`} data-seq={message.seq} data-status={message.status}>
      <div class="bubble">
        {showAuthor && !mine && author && (
          <span class="author">
            {author}
            {message.isFromSupport && <span class="tag">Support</span>}
          </span>
        )}
        {!deleted && <ReplyQuote chat={chat} message={message} />}
        {deleted ? (
          <p class="body deleted">This message was deleted</p>
        ) : editing ? (
          <div class="edit">
            <label class="visually-hidden" for={`edit-${message.id}`}>
              Edit message
            </label>
            <textarea
              id={`edit-${message.id}`}
              value={draft}
              rows={Math.min(6, draft.split('\n').length)}
              onInput={(e) => setDraft(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  save();
                } else if (e.key === 'Escape') setEditing(false);
              }}
              ref={(el) => el?.focus()}
            />
            <div class="edit-actions">
              <button type="button" class="ghost small" onClick={() => setEditing(false)}>
                Cancel
              </button>
              <button type="button" class="primary small" onClick={save}>
                Save
              </button>
            </div>
            {error && <p class="field-error">{error}</p>}
          </div>
        ) : (
          <>
            {message.body && <MessageMarkdown chat={chat} message={message} />}
            <AttachmentList attachments={message.attachments} />
          </>
        )}
        <span class="meta">
          {message.pinnedAt && !deleted && (
            <span class="pinned-mark" title="Pinned" aria-label="Pinned">
              📌
            </span>
          )}
          {message.editedAt && !deleted && <span class="edited">edited</span>}
          <time dateTime={message.createdAt ?? undefined} title={message.createdAt ? new Date(message.createdAt).toLocaleString() : undefined}>
            {clockTime(message.createdAt)}
          </time>
          {mine && !deleted && (
            <span class={`ticks ticks-${message.status.toLowerCase()}`} title={tick.label} aria-label={tick.label}>
              {tick.mark}
            </span>
          )}
        </span>
      </div>
      <Reactions chat={chat} message={message} />
      {refused && !deleted && (
        <p class="field-error" role="alert">
          {refused}
        </p>
      )}
      {!deleted && !editing && (
        <div class="message-actions">
          <MessageActions chat={chat} message={message} />
          {mine && (
            <>
              <button
                type="button"
                class="ghost small"
                ref={editButton}
                onClick={() => {
                  setDraft(message.body);
                  setEditing(true);
                }}
              >
                Edit
              </button>
              <button type="button" class="ghost small danger" onClick={remove}>
                Delete
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}

const focusComposer = () => document.getElementById('composer-input')?.focus();

/** A message typed here that the server has not stored yet; a refused one says why and what can be done. */
export function PendingItem({ chat, pending }: { chat: Chat; pending: PendingMessage }) {
  const failed = Boolean(pending.error);
  return (
    <li class={`message mine pending ${failed ? 'failed' : ''}`} data-client-id={pending.clientId}>
      <div class="bubble">
        <Markdown text={pending.body} />
        <span class="meta">
          <time dateTime={pending.createdAt}>{clockTime(pending.createdAt)}</time>
          {failed ? (
            <span class="ticks" title="Not sent" aria-label="Not sent">
              !
            </span>
          ) : (
            <span class="ticks ticks-pending" title="Sending" aria-label="Sending">
              ◷
            </span>
          )}
        </span>
      </div>
      {failed && (
        <div class="unsent" role="group" aria-label="Message not sent">
          <span class="field-error">{pending.error}</span>
          <span class="unsent-actions">
            {pending.retryable !== false && (
              <button type="button" class="ghost small" onClick={() => chat.retry(pending.clientId)}>
                Retry
              </button>
            )}
            <button
              type="button"
              class="ghost small"
              onClick={() => {
                chat.editUnsent(pending.clientId);
                focusComposer();
              }}
            >
              Edit
            </button>
            <button
              type="button"
              class="ghost small danger"
              onClick={() => {
                chat.discard(pending.clientId);
                focusComposer();
              }}
            >
              Discard
            </button>
          </span>
        </div>
      )}
    </li>
  );
}
