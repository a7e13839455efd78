import type { Chat } from '../state/chat';
import { systemLine } from '../state/system-lines';
import { clockTime, displayName, latest } from '../state/text';
import type { Message } from '../state/types';
import { useStore } from './hooks';

/** "Ana renamed the group to “Trip”": a system line, in the middle, with its author's name as it is now. */
export function SystemLine({ chat, message }: { chat: Chat; message: Message }) {
  const users = useStore(chat.state, (s) => s.users);
  const me = useStore(chat.state, (s) => s.me.id);
  const kind = useStore(chat.state, (s) => s.conversations[message.conversationId]?.kind);
  const who = message.author ? (message.author.id === me ? 'You' : displayName(latest(users, message.author))) : 'Someone';
  const line = systemLine(message, who, kind);
  return (
    <li class="system-line" data-seq={message.seq} data-kind="SYSTEM">
      <span>
        {line ? (
          <>
            <strong>{line.who}</strong> {line.what}
          </>
        ) : (
          message.body
        )}
      </span>
      <time dateTime={message.createdAt ?? undefined}>{clockTime(message.createdAt)}</time>
    </li>
  );
}
