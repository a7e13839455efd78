// A conversation's history held once per seq, whatever order and repeats it arrives in.
import { contiguousEnd, EMPTY_TIMELINE, hasHole, lastSeq, mergeIntoTimeline, mergeMessages, unsettledPending } from '../src/state/timeline';
import type { PendingMessage } from '../src/state/types';
import { message } from './fakes';

describe('timeline merge by seq', () => {
  it('keeps each seq once whatever order and repeats the messages arrive in', () => {
    const live = [message(3), message(4)];
    const replay = [message(2), message(3), message(4), message(5)];
    const merged = mergeMessages(mergeMessages([], live), replay);
    expect(merged.map((m) => m.seq)).toEqual([2, 3, 4, 5]);
    expect(mergeMessages(merged, [message(1), message(5)]).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('takes edits and deletions of a known seq', () => {
    const edited = message(2, { body: 'fixed', editedAt: '2026-01-01T00:00:00Z' });
    const merged = mergeMessages([message(1), message(2)], [edited]);
    expect(merged).toHaveLength(2);
    expect(merged[1].body).toBe('fixed');
  });

  it('never moves a receipt backwards when an older copy arrives late', () => {
    const read = mergeMessages([message(1)], [message(1, { status: 'READ' })]);
    const lateEcho = mergeMessages(read, [message(1, { status: 'SENT' })]);
    expect(lateEcho[0].status).toBe('READ');
    expect(mergeMessages(lateEcho, [message(1, { status: 'DELETED', deletedAt: 'x' })])[0].status).toBe('DELETED');
  });

  it('knows the last seq, the gaps and the start of history', () => {
    let t = mergeIntoTimeline(EMPTY_TIMELINE, [message(5), message(6)], { hasMore: true });
    expect(lastSeq(t)).toBe(6);
    expect(t.hasOlder).toBe(true);
    expect(contiguousEnd(t)).toBe(6);
    expect(hasHole(t)).toBe(false);
    expect(hasHole(mergeIntoTimeline(t, [message(7)]))).toBe(false);
    const holed = mergeIntoTimeline(t, [message(9)]);
    expect(hasHole(holed)).toBe(true);
    expect(contiguousEnd(holed)).toBe(6);
    expect(contiguousEnd(mergeIntoTimeline(holed, [message(7), message(8)]))).toBe(9);
    t = mergeIntoTimeline(t, [message(1), message(2), message(3), message(4)], { hasMore: true });
    expect(t.hasOlder).toBe(false);
  });

  it('sees the hole when a loaded empty conversation receives a later message first', () => {
    // Loaded with nothing in it, then the answer to our own send (seq 3) arrives before the
    // two messages others sent meanwhile: resuming after 3 would skip them.
    const empty = mergeIntoTimeline(EMPTY_TIMELINE, [], { hasMore: false });
    expect(contiguousEnd(empty)).toBe(0);
    const t = mergeIntoTimeline(empty, [message(3)]);
    expect(hasHole(t)).toBe(true);
    expect(contiguousEnd(t)).toBe(0);
    expect(hasHole(mergeIntoTimeline(t, [message(1), message(2)]))).toBe(false);
  });

  it('hides a pending send once the server returned it under the same clientId', () => {
    const pending: PendingMessage[] = [
      { clientId: 'a', conversationId: 'c1', body: 'hi', createdAt: 'now' },
      { clientId: 'b', conversationId: 'c1', body: 'there', createdAt: 'now' },
    ];
    const t = mergeIntoTimeline(EMPTY_TIMELINE, [message(1, { clientId: 'a' })]);
    expect(unsettledPending(t, pending).map((p) => p.clientId)).toEqual(['b']);
  });
});
