import { mentionedUsernames, mentionIds } from '../src/domain/mentions';
import { mayPin } from '../src/domain/pins';
import { reactionEmoji, reactionsOf } from '../src/domain/reactions';
import { conversationTopic, settingsRefusal, systemLineText } from '../src/domain/settings';
import type { Conversation, ConversationKind, Member, UserCaller } from '../src/domain/types';
import { excerptOf } from '../src/store/details';

const field = (run: () => unknown): string => {
  try {
    run();
    return 'OK';
  } catch (error) {
    return (error as { violations?: { field: string }[] }).violations?.[0]?.field ?? String(error);
  }
};

describe('a reaction is exactly one emoji', () => {
  it.each([
    ['a thumb', '👍', '👍'],
    ['a thumb with a skin tone', '👍🏽', '👍🏽'],
    ['a flag', '🇪🇸', '🇪🇸'],
    ['a subdivision flag (tag sequence)', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    ['a ZWJ family', '👨‍👩‍👧‍👦', '👨‍👩‍👧‍👦'],
    ['a ZWJ profession with a skin tone', '👩🏾‍💻', '👩🏾‍💻'],
    ['a keycap', '1️⃣', '1️⃣'],
    ['a heart with its emoji selector', '❤️', '❤️'],
    ['a heart in text style, stored in emoji style', '❤', '❤️'],
    ['surrounding spaces', ' 🎉 ', '🎉'],
  ])('%s', (_name, given, stored) => {
    expect(reactionEmoji(given)).toBe(stored);
  });

  it.each([
    ['a letter', 'a'],
    ['a word', 'ok'],
    ['two emoji', '👍👍'],
    ['an emoji and text', '👍 yes'],
    ['a lone skin tone', '🏽'],
    ['a lone ZWJ', '\u200d'],
    ['half a flag', '🇪'],
    ['a digit', '1'],
    ['an empty string', ''],
    ['markup', '<b>'],
    ['not a string', 7],
    ['something very long', '👍'.repeat(40)],
  ])('refuses %s naming the field', (_name, given) => {
    expect(field(() => reactionEmoji(given))).toBe('emoji');
  });

  it('groups reactions per emoji in the order each was first used, with who reacted first first', () => {
    expect(
      reactionsOf([
        { messageId: 1, userId: 3, emoji: '👍' },
        { messageId: 1, userId: 4, emoji: '🎉' },
        { messageId: 1, userId: 5, emoji: '👍' },
      ]),
    ).toEqual([
      { emoji: '👍', count: 2, userIds: [3, 5] },
      { emoji: '🎉', count: 1, userIds: [4] },
    ]);
  });
});

describe('mentions in a body', () => {
  it.each([
    ['one name', 'hola @ana', ['ana']],
    ['several, each once, in order', '@luis and @ana, then @ana again', ['luis', 'ana']],
    ['case is kept as written, duplicates ignore it', '@Ana @ana', ['Ana']],
    ['sentence punctuation after a name is offered both ways', 'thanks @ana.', ['ana.', 'ana']],
    ['unicode letters', 'gracias @josé', ['josé']],
    ['inside emphasis', '**@ana** look', ['ana']],
    ['no email addresses', 'write to ana@example.org', []],
    ['no paths in links', 'see https://example.org/@ana', []],
    ['no inline code', 'run `@ana` now', []],
    ['no fenced code', '```\n@ana\n```\n@luis', ['luis']],
    ['too short to be a username', '@al', []],
    ['no @ at all', 'hello there', []],
  ])('%s', (_name, body, names) => {
    expect(mentionedUsernames(body)).toEqual(names);
  });

  it('looks up at most 20 names', () => {
    const body = Array.from({ length: 80 }, (_, i) => `@user${i}`).join(' ');
    expect(mentionedUsernames(body)).toHaveLength(20);
  });

  it('keeps only members, each once, ascending', () => {
    const found = new Map([
      ['ana', 7],
      ['ana.', 7],
      ['luis', 3],
      ['eve', 9],
    ]);
    expect(mentionIds(found, new Set([3, 7]))).toEqual([3, 7]);
  });
});

describe('a reply quotes the first line of its original', () => {
  it.each([
    ['one line', 'hola', 'hola'],
    ['the first of several', 'first\nsecond', 'first'],
    ['trimmed', '  spaced  \nnext', 'spaced'],
    ['shortened at a character, never half an emoji', '😀'.repeat(200), `${'😀'.repeat(139)}…`],
  ])('%s', (_name, body, excerpt) => {
    expect(excerptOf(body)).toBe(excerpt);
  });
});

describe('who pins and who changes settings', () => {
  const conversation = (kind: ConversationKind): Conversation => ({
    id: 1,
    kind,
    title: 't',
    lastSeq: 0,
    supportUserId: 0,
    waitingSince: undefined,
    createdAt: new Date(),
    updatedAt: new Date(),
    topic: '',
  });
  const member = (role: Member['role']): Member => ({ conversationId: 1, userId: 1, role, joinedAt: new Date(), lastDeliveredSeq: 0, lastReadSeq: 0 });
  const user: UserCaller = { kind: 'user', user: { id: 1, username: 'u', role: 'user' }, staff: false, token: 't' };
  const admin: UserCaller = { kind: 'user', user: { id: 1, username: 'a', role: 'admin' }, staff: true, token: 't' };

  it.each([
    ['any member of a group', user, 'group', member('member'), true],
    ['either person in a direct chat', user, 'direct', member('member'), true],
    ['the user of a support conversation', user, 'support', member('member'), true],
    ['a room member', user, 'room', member('member'), false],
    ['a room owner', user, 'room', member('owner'), true],
    ['staff in a room', admin, 'room', member('member'), true],
    ['staff not in the room', admin, 'room', undefined, false],
  ])('pinning: %s', (_name, caller, kind, membership, allowed) => {
    expect(mayPin(caller, { conversation: conversation(kind as ConversationKind), membership })).toBe(allowed);
  });

  it.each([
    ['any member of a group', user, 'group', member('member'), 'OK'],
    ['a room owner', user, 'room', member('owner'), 'OK'],
    ['staff in a room (general has no owner)', admin, 'room', member('member'), 'OK'],
    ['a room member', user, 'room', member('member'), 'OWNER_ONLY'],
    ['a direct chat', user, 'direct', member('member'), 'SETTINGS_FIXED'],
    ['a support conversation', admin, 'support', undefined, 'SETTINGS_FIXED'],
  ])('settings: %s', (_name, caller, kind, membership, reason) => {
    const refusal = settingsRefusal(caller, { conversation: conversation(kind as ConversationKind), membership });
    expect(refusal ? (refusal as unknown as { reason: string }).reason : 'OK').toBe(reason);
  });

  it('a topic is one line of at most 250 characters', () => {
    expect(conversationTopic('  Plans\nfor   the trip ')).toBe('Plans for the trip');
    expect(conversationTopic('')).toBe('');
    expect(conversationTopic('🌍'.repeat(250))).toHaveLength(500);
    expect(field(() => conversationTopic('🌍'.repeat(251)))).toBe('topic');
    expect(field(() => conversationTopic(5))).toBe('topic');
  });

  it('a system line says who changed what, in words', () => {
    expect(systemLineText('ana', 'group', { action: 'renamed', title: 'Trip', topic: '' })).toBe('ana renamed the group to “Trip”');
    expect(systemLineText('ana', 'room', { action: 'topic_changed', title: '', topic: 'Plans' })).toBe('ana set the topic to “Plans”');
    expect(systemLineText('ana', 'room', { action: 'topic_changed', title: '', topic: '' })).toBe('ana cleared the topic');
  });
});
