import type { ConversationKind, Message } from './types';

/**
 * What a system line says, as its two parts (who, and what they did), from its structured change
 * and the author's name as it is now; a line this client does not know shows its stored words.
 */
export function systemLine(message: Pick<Message, 'body' | 'systemChange'>, who: string, kind: ConversationKind | undefined): { who: string; what: string } | undefined {
  const change = message.systemChange;
  if (!change) return undefined;
  const what =
    change.action === 'RENAMED'
      ? `renamed the ${kind === 'ROOM' ? 'room' : 'group'} to “${change.title ?? ''}”`
      : change.topic
        ? `set the topic to “${change.topic}”`
        : 'cleared the topic';
  return { who, what };
}

/** The same line as one piece of text (the list's preview). */
export function systemLineText(message: Pick<Message, 'body' | 'systemChange'>, who: string, kind: ConversationKind | undefined): string {
  const line = systemLine(message, who, kind);
  return line ? `${line.who} ${line.what}` : message.body;
}
