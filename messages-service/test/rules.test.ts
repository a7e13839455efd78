import { accessOf, directKey, isFromSupport, refusal } from '../src/domain/access';
import { historyWindow, nextHistoryToken } from '../src/domain/paging';
import { advanceMarkers, authorThresholds, statusFor, statusThresholds, thresholdOf, unreadCount } from '../src/domain/receipts';
import { ConversationKind, MessageStatus, type Caller, type ConversationRecord } from '../src/domain/types';
import { messageBody } from '../src/domain/validation';

const { SENT, DELIVERED, READ, DELETED } = {
  SENT: MessageStatus.MESSAGE_STATUS_SENT,
  DELIVERED: MessageStatus.MESSAGE_STATUS_DELIVERED,
  READ: MessageStatus.MESSAGE_STATUS_READ,
  DELETED: MessageStatus.MESSAGE_STATUS_DELETED,
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
  const conversation = (kind: ConversationKind, supportUserId = 0): ConversationRecord => ({
    id: 1,
    kind,
    title: '',
    lastSeq: 0,
    supportUserId,
    waitingSince: undefined,
    createdAt: new Date(),
    updatedAt: new Date(),
  });
  const user: Caller = { userId: 1, username: 'u', isStaff: false, token: 't' };
  const operator: Caller = { userId: 2, username: 'op', isStaff: true, token: 't' };
  const member = { conversationId: 1, userId: 1, role: 1, joinedAt: undefined, lastDeliveredSeq: 0, lastReadSeq: 0 };

  it('lets members in, staff into support only, and nobody else', () => {
    expect(accessOf(user, conversation(ConversationKind.CONVERSATION_KIND_GROUP), member)).toBe('member');
    expect(accessOf(user, conversation(ConversationKind.CONVERSATION_KIND_GROUP), undefined)).toBe('none');
    expect(accessOf(operator, conversation(ConversationKind.CONVERSATION_KIND_SUPPORT, 1), undefined)).toBe('staff');
    for (const kind of [ConversationKind.CONVERSATION_KIND_GROUP, ConversationKind.CONVERSATION_KIND_DIRECT, ConversationKind.CONVERSATION_KIND_ROOM]) {
      expect(accessOf(operator, conversation(kind), undefined)).toBe('none');
    }
  });

  it('hides private conversations from outsiders and points them to join rooms', () => {
    expect(refusal(conversation(ConversationKind.CONVERSATION_KIND_DIRECT)).code).toBe('NOT_FOUND');
    expect(refusal(conversation(ConversationKind.CONVERSATION_KIND_ROOM)).code).toBe('PERMISSION_DENIED');
  });

  it('marks staff replies in someone else’s support conversation as the support desk’s', () => {
    expect(isFromSupport(operator, conversation(ConversationKind.CONVERSATION_KIND_SUPPORT, 1))).toBe(true);
    expect(isFromSupport(operator, conversation(ConversationKind.CONVERSATION_KIND_SUPPORT, 2))).toBe(false); // their own question
    expect(isFromSupport(user, conversation(ConversationKind.CONVERSATION_KIND_SUPPORT, 1))).toBe(false);
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
