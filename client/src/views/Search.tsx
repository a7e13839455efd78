import { useEffect, useRef } from 'preact/hooks';
import type { Chat } from '../state/chat';
import { snippetParts } from '../state/search';
import { conversationTitle, displayName, latest } from '../state/text';
import { useStore } from './hooks';
import './files.css';

/** A snippet as text with the matches marked: built from nodes, never from the server's HTML. */
function Snippet({ snippet }: { snippet: string }) {
  return <span class="snippet">{snippetParts(snippet).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}</span>;
}

/** Search box over every conversation I am in; choosing a result opens the conversation at that message. */
export function SearchBox({ chat }: { chat: Chat }) {
  const search = useStore(chat.search.state);
  const state = useStore(chat.state);
  const box = useRef<HTMLInputElement>(null);
  const showing = search.query.trim() !== '';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        box.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div class="message-search" role="search">
      <label class="search">
        <span class="visually-hidden">Search messages</span>
        <input
          ref={box}
          type="search"
          placeholder="Search messages"
          value={search.query}
          onInput={(e) => chat.search.type(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Escape' && chat.search.clear()}
          aria-controls="search-results"
        />
      </label>
      {showing && (
        <div id="search-results" class="search-results" aria-live="polite">
          {search.error && <p class="inline-error">{search.error}</p>}
          {search.searched && !search.loading && !search.error && search.results.length === 0 && <p class="empty">No messages match “{search.query.trim()}”.</p>}
          <ul>
            {search.results.map(({ message, snippet }) => {
              const conversation = state.conversations[message.conversationId];
              const where = conversation ? conversationTitle(conversation, state.me.id, false, state.users) : 'Conversation';
              const name = message.author ? displayName(latest(state.users, message.author)) : '';
              // A direct chat is titled with the other person: their name once is enough.
              const author = name === where ? '' : name;
              return (
                <li key={message.id}>
                  <button
                    type="button"
                    class="search-result"
                    onClick={() => {
                      chat.search.clear();
                      void chat.openAt(message.conversationId, message.seq);
                    }}
                  >
                    <span class="search-where">
                      <strong>{where}</strong>
                      {author && ` · ${author}`}
                      {message.createdAt && <time dateTime={message.createdAt}> · {new Date(message.createdAt).toLocaleDateString()}</time>}
                    </span>
                    <Snippet snippet={snippet} />
                  </button>
                </li>
              );
            })}
          </ul>
          {search.loading && <p class="empty">Searching…</p>}
          {search.hasMore && !search.loading && (
            <button type="button" class="ghost small" onClick={() => void chat.search.more()}>
              More results
            </button>
          )}
        </div>
      )}
    </div>
  );
}
