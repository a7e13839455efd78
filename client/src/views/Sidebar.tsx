import { useState } from 'preact/hooks';
import type { Chat } from '../state/chat';
import { SearchBox } from './Search';
import { isOperator } from '../state/conversations';
import { signOut } from '../state/session';
import { byActivity, clockTime, conversationTitle, displayName, latest, otherMember, relativeTime, statusLabel } from '../state/text';
import type { Conversation, User, UserStatus } from '../state/types';
import { conversationSections } from '../state/conversation-list';
import { plainText } from '../state/markdown';
import { systemLineText } from '../state/system-lines';
import { Avatar } from './Avatar';
import { ArchivedSection, RowBadges } from './ConversationBadges';
import { GroupDialog, ProfileDialog, RoomsDialog } from './Dialogs';
import { useNow, useStore } from './hooks';
import { tabPanelProps, Tabs } from './Tabs';

interface Props {
  chat: Chat;
  tab: 'chats' | 'people';
  onTab(tab: 'chats' | 'people'): void;
}

export function Sidebar({ chat, tab, onTab }: Props) {
  const me = useStore(chat.state, (s) => s.me);
  const link = useStore(chat.state, (s) => s.link);
  // My own dot follows my socket: the stored status lags the connection by a presence event.
  const myStatus = link !== 'online' ? 'OFFLINE' : me.status === 'OFFLINE' ? 'ONLINE' : me.status;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [error, setError] = useState<string>();

  const leave = () => {
    const unsent = chat.state.get().pending.length;
    if (unsent && !confirm(`${unsent === 1 ? 'A message has' : `${unsent} messages have`} not been sent yet. Sign out and drop ${unsent === 1 ? 'it' : 'them'}?`)) return;
    void signOut({ forgetUnsent: true });
  };

  const act = (action: () => Promise<unknown>) => () => {
    setError(undefined);
    action().catch((e: unknown) => setError(e instanceof Error ? e.message : 'Something went wrong.'));
  };

  return (
    <aside class="sidebar" aria-label="Conversations and people">
      <header class="me">
        <Avatar user={{ ...me, status: myStatus }} size={40} />
        <div class="me-text">
          <strong>{displayName(me)}</strong>
          <label class="status-select">
            <span class="visually-hidden">Your status</span>
            <select value={me.status === 'OFFLINE' ? 'ONLINE' : me.status} onChange={(e) => act(() => chat.setStatus(e.currentTarget.value as UserStatus))()}>
              <option value="ONLINE">Available</option>
              <option value="AWAY">Away</option>
              <option value="BUSY">Busy</option>
            </select>
          </label>
        </div>
        <button type="button" class="icon" title="Edit profile" aria-label="Edit profile" onClick={() => setDialog('profile')}>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm0 2c-4 0-8 2-8 5v1h16v-1c0-3-4-5-8-5Z" /></svg>
        </button>
        <button type="button" class="icon" title="Sign out" aria-label="Sign out" onClick={leave}>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M10 4H5v16h5v-2H7V6h3V4Zm5.6 3.4L14.2 8.8 16.4 11H9v2h7.4l-2.2 2.2 1.4 1.4L20.2 12l-4.6-4.6Z" /></svg>
        </button>
      </header>
      <SearchBox chat={chat} />
      <Tabs
        id="sidebar"
        label="Show"
        tabs={[
          { value: 'chats', label: 'Chats' },
          { value: 'people', label: 'People' },
        ]}
        selected={tab}
        onSelect={onTab}
      />
      {error && (
        <p class="inline-error" role="alert">
          {error}
        </p>
      )}
      <div class="sidebar-panel" {...tabPanelProps('sidebar', tab)}>
        {tab === 'chats' ? (
          <ConversationList chat={chat} act={act} onDialog={setDialog} />
        ) : (
          <PeopleList chat={chat} act={act} onOpened={() => onTab('chats')} />
        )}
      </div>
      {dialog === 'profile' && <ProfileDialog chat={chat} onClose={() => setDialog(null)} />}
      {dialog === 'group' && <GroupDialog chat={chat} onClose={() => setDialog(null)} />}
      {dialog === 'rooms' && <RoomsDialog chat={chat} onClose={() => setDialog(null)} />}
    </aside>
  );
}

type Act = (action: () => Promise<unknown>) => () => void;
type Dialog = 'profile' | 'group' | 'rooms';

function ConversationList({ chat, act, onDialog }: { chat: Chat; act: Act; onDialog(dialog: Dialog): void }) {
  const state = useStore(chat.state);
  const operator = isOperator(state.me);
  const conversations = Object.values(state.conversations).sort(byActivity);
  const { listed, archived } = conversationSections(conversations);
  const hasSupport = !operator && conversations.some((c) => c.kind === 'SUPPORT');
  // Once an operator answers, the conversation is theirs and leaves the queue.
  const queue = state.supportQueue.filter((c) => !state.conversations[c.id]);

  return (
    <nav class="conversations" aria-label="Conversations">
      <div class="list-actions">
        <button type="button" class="secondary" onClick={() => onDialog('group')}>
          New group
        </button>
        <button type="button" class="secondary" onClick={() => onDialog('rooms')}>
          Rooms
        </button>
        {!operator && !hasSupport && (
          <button type="button" class="secondary" onClick={act(() => chat.openSupport())}>
            Contact support
          </button>
        )}
      </div>
      {operator && (
        <section class="queue" aria-label="Support queue">
          <h2>
            Support queue
            <button type="button" class="link" onClick={act(() => chat.refreshSupportQueue())}>
              Refresh
            </button>
          </h2>
          {queue.length === 0 ? (
            <p class="empty">Nobody is waiting.</p>
          ) : (
            <ul>
              {queue.map((c) => (
                <ConversationRow key={`q${c.id}`} chat={chat} conversation={c} active={state.activeId === c.id} operator />
              ))}
            </ul>
          )}
        </section>
      )}
      <ul>
        {listed.map((c) => (
          <ConversationRow key={c.id} chat={chat} conversation={c} active={state.activeId === c.id} operator={operator} />
        ))}
      </ul>
      <ArchivedSection conversations={archived}>
        <ul>
          {archived.map((c) => (
            <ConversationRow key={c.id} chat={chat} conversation={c} active={state.activeId === c.id} operator={operator} />
          ))}
        </ul>
      </ArchivedSection>
      {conversations.length === 0 && <p class="empty">No conversations yet. Open one from People.</p>}
      {state.rooms.length > 0 && (
        <section aria-label="Rooms to join">
          <h2>Rooms</h2>
          <ul>
            {state.rooms.map((room) => (
              <li key={room.id} class="room-row">
                <span># {room.title}</span>
                <button type="button" class="secondary small" onClick={act(() => chat.joinRoom(room.id))}>
                  Join
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </nav>
  );
}

function ConversationRow({ chat, conversation, active, operator }: { chat: Chat; conversation: Conversation; active: boolean; operator: boolean }) {
  const me = useStore(chat.state, (s) => s.me);
  const typing = useStore(chat.state, (s) => s.typing[conversation.id]);
  const users = useStore(chat.state, (s) => s.users);
  const title = conversationTitle(conversation, me.id, operator, users);
  const last = conversation.lastMessage;
  const other = otherMember(conversation, me.id, users);
  const lastAuthor = last?.author ? latest(users, last.author) : undefined;
  const preview = typing?.length
    ? `${typing.map((t) => t.username).join(', ')} typing…`
    : last?.kind === 'SYSTEM'
      ? systemLineText(last, lastAuthor?.id === me.id ? 'You' : lastAuthor ? displayName(lastAuthor) : 'Someone', conversation.kind)
      : last
        ? `${lastAuthor?.id === me.id ? 'You: ' : conversation.kind === 'DIRECT' || !lastAuthor ? '' : `${lastAuthor.firstName || lastAuthor.username}: `}${last.deletedAt ? 'Message deleted' : plainText(last.body)}`
        : 'No messages yet';
  return (
    <li>
      <button
        type="button"
        class={`conversation-row ${active ? 'active' : ''}`}
        aria-current={active ? 'true' : undefined}
        onClick={() => void chat.open(conversation.id)}
        data-conversation={conversation.id}
      >
        {other ? <Avatar user={other} /> : <span class={`kind-icon kind-${conversation.kind.toLowerCase()}`} aria-hidden="true" />}
        <span class="row-text">
          <span class="row-top">
            <span class="row-title">{title}</span>
            {last && <time class="row-time">{clockTime(last.createdAt)}</time>}
          </span>
          <span class={`row-preview ${typing?.length ? 'typing' : ''}`}>{preview}</span>
        </span>
        <RowBadges conversation={conversation} />
      </button>
    </li>
  );
}

function PeopleList({ chat, act, onOpened }: { chat: Chat; act: Act; onOpened(): void }) {
  const users = useStore(chat.state, (s) => s.users);
  const me = useStore(chat.state, (s) => s.me);
  const now = useNow();
  const [filter, setFilter] = useState('');
  const rank: Record<UserStatus, number> = { ONLINE: 0, BUSY: 1, AWAY: 2, OFFLINE: 3 };
  const people = Object.values(users)
    .filter((u) => u.id !== me.id)
    .filter((u) => !filter || `${u.username} ${u.firstName} ${u.lastName}`.toLowerCase().includes(filter.toLowerCase()))
    .sort((a, b) => rank[a.status] - rank[b.status] || a.username.localeCompare(b.username));
  const online = people.filter((u) => u.status !== 'OFFLINE').length;

  return (
    <section class="people" aria-label="People">
      <label class="search">
        <span class="visually-hidden">Find people</span>
        <input type="search" placeholder="Find people" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
      </label>
      <p class="people-count">
        {online} connected · {people.length} registered
      </p>
      <ul>
        {people.map((u) => (
          <PersonRow key={u.id} user={u} now={now} onMessage={act(() => chat.openDirect(u.username).then(onOpened))} />
        ))}
      </ul>
    </section>
  );
}

function PersonRow({ user, now, onMessage }: { user: User; now: number; onMessage(): void }) {
  return (
    <li class="person" data-username={user.username} data-status={user.status}>
      <Avatar user={user} />
      <span class="row-text">
        <span class="row-title">{displayName(user)}</span>
        <span class="row-preview">
          @{user.username} · <span class={`presence presence-${user.status.toLowerCase()}`}>{statusLabel(user.status)}</span>
          {user.status === 'OFFLINE' && user.lastSeenAt ? ` · last seen ${relativeTime(user.lastSeenAt, now)}` : ''}
        </span>
      </span>
      <button type="button" class="secondary small" onClick={onMessage} aria-label={`Message ${user.username}`}>
        Message
      </button>
    </li>
  );
}
