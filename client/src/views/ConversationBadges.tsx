import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Conversation } from '../state/types';

/** A row's marks: favourite, muted, my unread mentions (apart from the unread count), and the unread count. */
export function RowBadges({ conversation }: { conversation: Conversation }) {
  const { unreadCount, mentionCount, muted, favourite } = conversation;
  return (
    <span class="row-badges">
      {favourite && (
        <span class="row-mark" title="Favourite" aria-label="Favourite">
          ★
        </span>
      )}
      {muted && (
        <span class="row-mark" title="Muted" aria-label="Muted">
          🔕
        </span>
      )}
      {mentionCount > 0 && (
        <span class="badge mention-badge" aria-label={`${mentionCount} ${mentionCount === 1 ? 'mention' : 'mentions'}`}>
          @{mentionCount}
        </span>
      )}
      {unreadCount > 0 && (
        <span class={`badge ${muted ? 'badge-muted' : ''}`} aria-label={`${unreadCount} unread`}>
          {unreadCount}
        </span>
      )}
    </span>
  );
}

/** Archived conversations, folded away under a heading that says how many and how much is unread. */
export function ArchivedSection({ conversations, children }: { conversations: readonly Conversation[]; children: ComponentChildren }) {
  const [open, setOpen] = useState(false);
  if (conversations.length === 0) return null;
  const unread = conversations.reduce((n, c) => n + c.unreadCount, 0);
  return (
    <section class="archived" aria-label="Archived conversations">
      <h2>
        <button type="button" class="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'} Archived ({conversations.length})
        </button>
        {unread > 0 && <span class="badge badge-muted">{unread}</span>}
      </h2>
      {open && children}
    </section>
  );
}
