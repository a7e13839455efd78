import { accessOf, directKey, isFromSupport, refusal } from '../src/domain/access';
import { historyWindow, nextHistoryToken } from '../src/domain/paging';
import { advanceMarkers, authorThresholds, statusFor, statusThresholds, thresholdOf, unreadCount } from '../src/domain/receipts';
import type { Conversation, ConversationKind, UserCaller } from '../src/domain/types';
import { messageBody } from '../src/domain/validation';

const { SENT, DELIVERED, READ, DELETED } = {
  SENT: 'sent',
  DELIVERED: 'delivered',
  READ: 'read',
  DELETED: 'deleted',
};
const at = (d: number, r: number) => ({ lastDeliveredSeq: d, lastReadSeq: r });

describe('message status for its author', () => {
  it.each([
    ['nobody else there yet', 5, false, [], SENT],
    ['one other has not got it', 5, false, [at(4, 4)], SENT],
    ['the other client has it', 5, false, [at(5, 4)], DELIVERED],
    ['the other read past it', 5, false, [at(9, 9)], READ],
    ['one of two has read, the other only has it', 5, false, [at(5, 5), at(5, 0)], DELIVERED],
    ['one of two has not got it', 5, false, [at(9, 9), at(4, 4)], SENT],
    ['deleted wins', 5, true, [at(9, 9)], DELETED],
  ])('%s', (_name, seq, deleted, others, expected) => {
    expect(statusFor(seq, deleted, others)).toBe(expected);
  });

  it('thresholds agree with the per-message rule', () => {
    const others = [at(7, 3), at(5, 5)];
    const { deliveredUpTo, readUpTo } = statusThresholds(others);
    expect([deliveredUpTo, readUpTo]).toEqual([5, 3]);
    for (let seq = 1; seq <= 8; seq++) {
      const expected = seq <= readUpTo ? READ : seq <= deliveredUpTo ? DELIVERED : SENT;
      expect(statusFor(seq, false, others)).toBe(expected);
    }
  });
});

describe('thresholds of every author at once', () => {
  const member = (userId: number, d: number, r: number) => ({ userId, ...at(d, r) });
  it.each([
    ['nobody there', []],
    ['one member alone', [member(1, 4, 2)]],
    ['two members', [member(1, 4, 2), member(2, 9, 7)]],
    ['a tie for the lowest', [member(1, 5, 3), member(2, 5, 3), member(3, 9, 9)]],
    ['one laggard among many', [member(1, 9, 1), member(2, 6, 6), member(3, 8, 4), member(4, 7, 7)]],
  ])('agree with each author’s own others: %s', (_name, members) => {
    const all = authorThresholds(members);
    // Authors: every member, and one who is not (left, or never was).
    for (const author of [...members.map((m) => m.userId), 99]) {
      const { readUpTo, deliveredUpTo } = statusThresholds(members.filter((m) => m.userId !== author));
      expect([thresholdOf(all.read, author), thresholdOf(all.delivered, author)]).toEqual([readUpTo, deliveredUpTo]);
    }
  });
});

describe('markers', () => {
  it.each([
    ['move forward', at(2, 1), 10, 5, 0, at(5, 1)],
    ['never move back', at(6, 4), 10, 3, 2, at(6, 4)],
    ['reading delivers too', at(2, 1), 10, 0, 7, at(7, 7)],
    ['stop at the last message', at(0, 0), 10, 50, 50, at(10, 10)],
  ])('%s', (_name, current, lastSeq, delivered, read, expected) => {
    expect(advanceMarkers(current, lastSeq, delivered, read)).toEqual(expected);
  });

  it('count unread from the read marker', () => {
    expect(unreadCount(10, at(10, 4))).toBe(6);
    expect(unreadCount(10, at(10, 10))).toBe(0);
    expect(unreadCount(10, undefined)).toBe(0); // staff looking in, not a member
  });
});

describe('access', () => {
  const conversation = (kind: ConversationKind, supportUserId = 0): Conversation => ({
    id: 1,
    kind,
    title: '',
    lastSeq: 0,
    supportUserId,
    waitingSince: undefined,
    createdAt: new Date(),
    updatedAt: new Date(),
    topic: '',
  });
  const user: UserCaller = { kind: 'user', user: { id: 1, username: 'u', role: 'user' }, staff: false, token: 't' };
  const operator: UserCaller = { kind: 'user', user: { id: 2, username: 'op', role: 'operator' }, staff: true, token: 't' };
  const member = { conversationId: 1, userId: 1, role: 'member' as const, joinedAt: new Date(), lastDeliveredSeq: 0, lastReadSeq: 0 };

  it('lets members in, staff into support only, and nobody else', () => {
    expect(accessOf(user, conversation('group'), member)).toBe('member');
    expect(accessOf(user, conversation('group'), undefined)).toBe('none');
    expect(accessOf(operator, conversation('support', 1), undefined)).toBe('staff');
    for (const kind of ['group', 'direct', 'room'] as const) {
      expect(accessOf(operator, conversation(kind), undefined)).toBe('none');
    }
  });

  it('hides private conversations from outsiders and points them to join rooms', () => {
    expect(refusal(conversation('direct')).code).toBe('NOT_FOUND');
    expect(refusal(conversation('room')).code).toBe('PERMISSION_DENIED');
  });

  it('marks staff replies in someone else’s support conversation as the support desk’s', () => {
    expect(isFromSupport(operator, conversation('support', 1))).toBe(true);
    expect(isFromSupport(operator, conversation('support', 2))).toBe(false); // their own question
    expect(isFromSupport(user, conversation('support', 1))).toBe(false);
    expect(directKey(9, 3)).toBe(directKey(3, 9));
  });
});

describe('history tokens', () => {
  it('carry the window and order of the walk', () => {
    const first = historyWindow(7, { order: 'newest-first', afterSeq: 100, beforeSeq: 0, pageToken: '' }, 10);
    const token = nextHistoryToken(first, 10, 190, true);
    // A token wins over bounds given with it.
    const next = historyWindow(7, { order: 'oldest-first', afterSeq: 0, beforeSeq: 0, pageToken: token }, 10);
    expect(next).toEqual({ conversationId: 7, order: 'newest-first', afterSeq: 100, beforeSeq: 190, limit: 10 });
    expect(nextHistoryToken(first, 4, 96, false)).toBe('');
  });
});

describe('message bodies', () => {
  it('count characters, not UTF-16 units, after trimming', () => {
    expect(messageBody(`  ${'😀'.repeat(4000)}\n`)).toHaveLength(8000);
    expect(() => messageBody('😀'.repeat(4001))).toThrow('at most 4000');
    expect(() => messageBody(' \n\t ')).toThrow('must not be empty');
    expect(() => messageBody(42)).toThrow('must be a string');
  });
});
