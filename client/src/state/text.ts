import type { Conversation, MemberUser, Message, User, UserStatus } from './types';

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const LINK = /\bhttps?:\/\/[^\s<>"']+/gi;

/**
 * Splits a message body into plain text and http(s) links. Only those two schemes ever become
 * links, so a `javascript:` URL stays inert text; the view renders every part as a text node.
 */
export function splitLinks(body: string): TextPart[] {
  const parts: TextPart[] = [];
  let from = 0;
  for (const match of body.matchAll(LINK)) {
    // Sentence punctuation right after a link belongs to the sentence.
    const href = match[0].replace(/[.,;:!?)\]]+$/, '');
    const at = match.index ?? 0;
    if (at > from) parts.push({ kind: 'text', text: body.slice(from, at) });
    parts.push({ kind: 'link', text: href, href });
    from = at + href.length;
  }
  if (from < body.length) parts.push({ kind: 'text', text: body.slice(from) });
  return parts;
}

/** The server's limit on a message, in characters as a person counts them (code points, trimmed). */
export const MESSAGE_MAX = 4000;

export function messageLength(text: string): number {
  let n = 0;
  for (const _ of text.trim()) n++;
  return n;
}

/** The freshest record of a person: the live users list, else the copy a message or member carried. */
export function latest<T extends Pick<User, 'id'>>(users: Record<string, User>, person: T): T & Partial<User> {
  const known = users[person.id];
  return known ? { ...person, ...known } : person;
}

export function displayName(user: Pick<User, 'firstName' | 'lastName' | 'username'>): string {
  const full = `${user.firstName} ${user.lastName}`.trim();
  return full || user.username;
}

export function initials(user: Pick<User, 'firstName' | 'lastName' | 'username'>): string {
  const a = user.firstName[0] ?? user.username[0] ?? '?';
  const b = user.lastName[0] ?? '';
  return (a + b).toUpperCase();
}

/** The people in a conversation (members whose account still exists). */
export function memberUsers(conversation: Conversation): MemberUser[] {
  return conversation.members.flatMap((m) => (m.user ? [m.user] : []));
}

/** The other person in a direct chat, as fresh as `users` knows them. */
export function otherMember(conversation: Conversation, meId: string | undefined, users: Record<string, User> = {}): MemberUser | undefined {
  if (conversation.kind !== 'DIRECT') return undefined;
  const members = memberUsers(conversation);
  const other = members.find((u) => u.id !== meId) ?? members[0];
  return other && latest(users, other);
}

export function conversationTitle(conversation: Conversation, meId: string | undefined, isOperator = false, users: Record<string, User> = {}): string {
  switch (conversation.kind) {
    case 'DIRECT': {
      const other = otherMember(conversation, meId, users);
      return other ? displayName(other) : conversation.title || 'Direct chat';
    }
    case 'SUPPORT': {
      if (!isOperator) return 'Support';
      const asking = conversation.supportUser ?? memberUsers(conversation).find((u) => u.id !== meId);
      const customer = asking && latest(users, asking);
      return customer ? `Support · ${customer.username}` : `Support · ${conversation.title}`.trim();
    }
    case 'ROOM':
      return conversation.title ? `# ${conversation.title}` : '# general';
    case 'GROUP':
      return conversation.title || 'Group';
    default: {
      const never: never = conversation.kind;
      return String(never);
    }
  }
}

/** Connected / away / busy / disconnected: the names people see for the four states. */
export function statusLabel(status: UserStatus): string {
  switch (status) {
    case 'ONLINE':
      return 'connected';
    case 'AWAY':
      return 'away';
    case 'BUSY':
      return 'busy';
    case 'OFFLINE':
      return 'disconnected';
    default: {
      const never: never = status;
      return String(never);
    }
  }
}

/** "just now", "5 min ago", "3 h ago", then a date: for last seen. */
export function relativeTime(iso: string | null | undefined, now: number): string {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'unknown';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return new Date(t).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

export function clockTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

const sentAt = (message: Message | null): number => (message?.createdAt ? Date.parse(message.createdAt) : 0);

/** Newest activity first; conversations with no message yet go last, rooms first among equals. */
export function byActivity(a: Conversation, b: Conversation): number {
  const ta = sentAt(a.lastMessage);
  const tb = sentAt(b.lastMessage);
  if (ta !== tb) return tb - ta;
  if (a.kind !== b.kind) return a.kind === 'ROOM' ? -1 : b.kind === 'ROOM' ? 1 : 0;
  return a.id.localeCompare(b.id);
}
