import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Chat } from '../state/chat';
import { isOperator } from '../state/conversations';
import { conversationTitle, displayName, latest, otherMember, statusLabel } from '../state/text';
import { EMPTY_TIMELINE, unsettledPending } from '../state/timeline';
import type { Conversation } from '../state/types';
import { filesFrom } from './Attachments';
import { Composer } from './Composer';
import { ConversationTools } from './ConversationSettings';
import { AddMemberDialog } from './Dialogs';
import { useStore } from './hooks';
import { MessageItem, PendingItem } from './MessageItem';
import { PinnedPanel } from './PinnedPanel';
import { SystemLine } from './SystemLine';

export function ConversationPane({ chat }: { chat: Chat }) {
  const state = useStore(chat.state);
  const conversation = state.activeId ? (state.conversations[state.activeId] ?? state.supportQueue.find((c) => c.id === state.activeId)) : undefined;
  if (!conversation) {
    return (
      <main class="pane pane-empty">
        <div>
          <span class="brand-mark big" aria-hidden="true" />
          <h2>Welcome, {state.me.firstName || state.me.username}</h2>
          <p>Pick a conversation, or open People to start one.</p>
        </div>
      </main>
    );
  }
  return <OpenConversation key={conversation.id} chat={chat} conversation={conversation} />;
}

function OpenConversation({ chat, conversation }: { chat: Chat; conversation: Conversation }) {
  const state = useStore(chat.state);
  const [adding, setAdding] = useState(false);
  const [pinsOpen, setPinsOpen] = useState(false);
  const [error, setError] = useState<string>();
  const timeline = state.timelines[conversation.id] ?? EMPTY_TIMELINE;
  const pending = unsettledPending(
    timeline,
    state.pending.filter((p) => p.conversationId === conversation.id),
  );
  const operator = isOperator(state.me);
  const typing = (state.typing[conversation.id] ?? []).map((t) => t.username);
  const title = conversationTitle(conversation, state.me.id, operator, state.users);
  const other = otherMember(conversation, state.me.id, state.users);
  const otherStatus = other?.status;
  const subtitle = other
    ? statusLabel(otherStatus ?? 'OFFLINE')
    : conversation.kind === 'SUPPORT'
      ? operator
        ? 'Customer support conversation'
        : 'Our operators answer here'
      : [conversation.topic, `${conversation.members.length} members`].filter(Boolean).join(' · ');

  const scroller = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const heightBeforeOlder = useRef<number | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);

  // Infinite scroll: the sentinel above the first message asks for the page before it.
  useEffect(() => {
    const target = sentinel.current;
    if (!target || !timeline.hasOlder) return;
    const observer = new IntersectionObserver((entries) => {
      if (!entries[0]?.isIntersecting || loadingOlder || timeline.messages.length === 0) return;
      heightBeforeOlder.current = scroller.current?.scrollHeight ?? null;
      setLoadingOlder(true);
      chat
        .loadOlder(conversation.id)
        .catch((e: unknown) => setError(e instanceof Error ? e.message : 'Earlier messages could not be loaded.'))
        .finally(() => setLoadingOlder(false));
    }, { root: scroller.current, rootMargin: '200px 0px 0px 0px' });
    observer.observe(target);
    return () => observer.disconnect();
  }, [conversation.id, timeline.hasOlder, timeline.messages.length, loadingOlder]);

  // Keep the view where the reader left it: at the bottom for new messages, in place for older ones.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (heightBeforeOlder.current !== null) {
      el.scrollTop += el.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
    } else if (stickToBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [timeline.messages, pending.length, typing.length]);

  // A search result opened here: show that message in the middle, marked for a moment.
  const jump = useStore(chat.jump);
  const [dropping, setDropping] = useState(false);
  useLayoutEffect(() => {
    if (jump?.conversationId !== conversation.id) return;
    const target = scroller.current?.querySelector<HTMLElement>(`[data-seq="${jump.seq}"]`);
    if (!target) return;
    stickToBottom.current = false;
    target.scrollIntoView({ block: 'center' });
    target.classList.add('highlighted');
    chat.jump.set(null);
    setTimeout(() => target.classList.remove('highlighted'), 4000);
  }, [jump, timeline.messages]);

  const onScroll = () => {
    const el = scroller.current;
    if (el) stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  };

  const act = (action: () => Promise<unknown>) => {
    setError(undefined);
    action().catch((e: unknown) => setError(e instanceof Error ? e.message : 'Something went wrong.'));
  };

  const showAuthors = conversation.kind !== 'DIRECT';
  let previousAuthor: string | undefined;

  return (
    <main
      class={`pane ${dropping ? 'dropping' : ''}`}
      aria-label={title}
      onDragOver={(e) => {
        if (!e.dataTransfer?.types.includes('Files')) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(e) => e.currentTarget === e.target && setDropping(false)}
      onDrop={(e) => {
        const dropped = filesFrom(e.dataTransfer);
        setDropping(false);
        if (dropped.length === 0) return;
        e.preventDefault();
        chat.uploads.add(conversation.id, dropped);
      }}
    >
      <header class="pane-header">
        <button type="button" class="icon back" aria-label="Back to conversations" onClick={() => void chat.open(null)}>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M15.4 7.4 14 6l-6 6 6 6 1.4-1.4L10.8 12z" /></svg>
        </button>
        <div class="pane-title">
          <h2>{title}</h2>
          <p class={other ? `presence presence-${(otherStatus ?? 'OFFLINE').toLowerCase()}` : ''}>{subtitle}</p>
        </div>
        <ConversationTools chat={chat} conversation={conversation} pinsOpen={pinsOpen} onPins={() => setPinsOpen(!pinsOpen)} />
        {conversation.kind === 'GROUP' && (
          <button type="button" class="secondary small" onClick={() => setAdding(true)}>
            Add member
          </button>
        )}
        {(conversation.kind === 'GROUP' || conversation.kind === 'ROOM') && (
          <button
            type="button"
            class="secondary small danger"
            onClick={() => {
              if (confirm(`Leave ${title}?`)) act(() => chat.leave(conversation.id));
            }}
          >
            Leave
          </button>
        )}
      </header>
      {pinsOpen && <PinnedPanel chat={chat} conversation={conversation} onClose={() => setPinsOpen(false)} />}
      {error && (
        <p class="inline-error" role="alert">
          {error}
        </p>
      )}
      <div class="messages" ref={scroller} onScroll={onScroll} role="log" aria-live="polite" aria-label="Messages">
        <div ref={sentinel} class="history-edge">
          {timeline.hasOlder ? (loadingOlder ? 'Loading earlier messages…' : '') : timeline.messages.length ? 'Beginning of the conversation' : ''}
        </div>
        {timeline.messages.length === 0 && pending.length === 0 && !timeline.hasOlder && <p class="empty center">No messages yet. Say hello!</p>}
        <ol>
          {timeline.messages.map((m) => {
            if (m.kind === 'SYSTEM') {
              previousAuthor = undefined;
              return <SystemLine key={m.seq} chat={chat} message={m} />;
            }
            const grouped = previousAuthor === m.author?.id;
            previousAuthor = m.author?.id;
            const author = m.author ? latest(state.users, m.author) : undefined;
            return <MessageItem key={m.seq} chat={chat} message={m} author={author && displayName(author)} mine={m.author?.id === state.me.id} showAuthor={showAuthors && !grouped} />;
          })}
          {pending.map((p) => (
            <PendingItem key={p.clientId} chat={chat} pending={p} />
          ))}
        </ol>
      </div>
      <div class="typing" aria-live="polite">
        {typing.length > 0 && (
          <>
            <span class="typing-dots" aria-hidden="true">
              <i />
              <i />
              <i />
            </span>
            {typing.join(', ')} {typing.length === 1 ? 'is' : 'are'} typing…
          </>
        )}
      </div>
      <Composer chat={chat} conversationId={conversation.id} />
      {adding && <AddMemberDialog chat={chat} conversationId={conversation.id} onClose={() => setAdding(false)} />}
    </main>
  );
}
