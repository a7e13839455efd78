import type { SettingsStore } from '../store/store';
import type { UserCaller, UserDirectory } from './types';

/** Distinct @names looked up for one message; more than this is not a conversation, it is a list. */
export const MENTIONS_PER_MESSAGE = 20;

// Code is quoted, not addressed: fenced blocks and inline code spans mention nobody.
const FENCED = /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\1[`~]*[ \t]*(?=\n|$)|$)/gm;
const INLINE_CODE = /(`+)[\s\S]*?\1/g;
// Usernames are 3–32 letters, digits, `_`, `.` or `-`. An @ right after a letter, digit or one
// of those (an email address, a path in a URL) is not a mention.
const MENTION = /(?<![\p{L}\p{Nd}_.\-@/:])@([\p{L}\p{Nd}_.-]{3,32})/gu;

/**
 * The usernames a Markdown body addresses with `@name`, in the order first written, each once
 * (as written; users-service compares them ignoring case). A name followed by sentence
 * punctuation ("thanks @ana.") is offered both with and without it, since usernames may end
 * in `.` or `-`; whichever exists is the mention. Outside code only.
 */
export function mentionedUsernames(body: string): string[] {
  if (!body.includes('@')) return [];
  const prose = body.replace(FENCED, ' ').replace(INLINE_CODE, ' ');
  const names = new Map<string, string>();
  for (const match of prose.matchAll(MENTION)) {
    const written = match[1];
    const trimmed = written.replace(/[.\-]+$/, '');
    for (const name of trimmed.length >= 3 && trimmed !== written ? [written, trimmed] : [written]) {
      const key = name.normalize('NFC').toLowerCase();
      if (!names.has(key)) names.set(key, name);
    }
    if (names.size >= MENTIONS_PER_MESSAGE) break;
  }
  return [...names.values()].slice(0, MENTIONS_PER_MESSAGE);
}

/**
 * Who a message mentions: the ids of the named users who are members of its conversation
 * now. Where a name was offered with and without trailing punctuation and both exist, both
 * are mentioned (they were both written).
 */
export function mentionIds(found: ReadonlyMap<string, number>, members: ReadonlySet<number>): number[] {
  return [...new Set(found.values())].filter((id) => members.has(id)).sort((a, b) => a - b);
}

/** Resolves a body's @names to the members it mentions: one users-service call, one membership read. */
export class Mentions {
  constructor(
    private readonly store: Pick<SettingsStore, 'currentMemberIds'>,
    private readonly users: Pick<UserDirectory, 'userIdsByUsernames'>,
  ) {}

  /** Member ids, ascending; none (and no call at all) for a body without an @name. */
  async of(caller: UserCaller, conversationId: number, body: string): Promise<number[]> {
    const names = mentionedUsernames(body);
    if (names.length === 0) return [];
    const found = await this.users.userIdsByUsernames(names, caller);
    if (found.size === 0) return [];
    const members = await this.store.currentMemberIds(conversationId, [...new Set(found.values())]);
    return mentionIds(found, members);
  }
}
