import { useState } from 'preact/hooks';
import type { Chat } from '../state/chat';
import { ConversationPane } from './ConversationPane';
import { useStore } from './hooks';
import { NotificationBanner } from './NotificationSettings';
import { Sidebar } from './Sidebar';

/** Sidebar + open conversation; at phone width only one of them shows at a time. */
export function ChatScreen({ chat }: { chat: Chat }) {
  const link = useStore(chat.state, (s) => s.link);
  const activeId = useStore(chat.state, (s) => s.activeId);
  const motd = useStore(chat.state, (s) => s.motd);
  // Refused messages whose conversation is gone (left elsewhere while this one was offline).
  const pending = useStore(chat.state, (s) => s.pending);
  const conversations = useStore(chat.state, (s) => s.conversations);
  const stranded = pending.filter((p) => p.error && !conversations[p.conversationId]);
  const [tab, setTab] = useState<'chats' | 'people'>('chats');

  return (
    <div class={`app ${activeId ? 'has-active' : ''}`}>
      {/* One live region that stays in the page, so screen readers announce the banner coming and going. */}
      <div role="status" aria-live="polite" class="banners">
        {link === 'offline' && (
          <div class="offline-banner">
            <span class="spinner" aria-hidden="true" /> You are offline. Reconnecting… Messages you send will go out when you are back.
          </div>
        )}
      </div>
      {motd && (
        <section class="motd" aria-label="Message of the day">
          <strong>Message of the day</strong>
          <p>{motd}</p>
          <button type="button" class="ghost" onClick={() => chat.dismissMotd()}>
            Dismiss
          </button>
        </section>
      )}
      {stranded.length > 0 && (
        <section class="stranded" aria-label="Messages not sent">
          <strong>Not sent</strong>
          <ul>
            {stranded.map((p) => (
              <li key={p.clientId}>
                <span class="stranded-text">
                  {p.error} <q>{p.body}</q>
                </span>
                <button type="button" class="ghost small danger" onClick={() => chat.discard(p.clientId)}>
                  Discard
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <NotificationBanner chat={chat} />
      <div class="layout">
        <Sidebar chat={chat} tab={tab} onTab={setTab} />
        <ConversationPane chat={chat} />
      </div>
    </div>
  );
}
