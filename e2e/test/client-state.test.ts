// The browser client's pure state logic, run in Node: what keeps messages once and sends safe to retry.
import { newClientId, Outbox, type KeyValueStorage } from '../../client/src/state/outbox';
import { contiguousEnd, EMPTY_TIMELINE, hasHole, lastSeq, mergeIntoTimeline, mergeMessages, unsettledPending } from '../../client/src/state/timeline';
import { conversationTitle, relativeTime, splitLinks, statusLabel } from '../../client/src/state/text';
import type { Conversation, Message, PendingMessage } from '../../client/src/state/types';
import { randomBytes } from 'node:crypto';

function message(seq: number, extra: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    body: `message ${seq}`,
    author: { id: 'u1', username: 'ana', firstName: 'Ana', lastName: 'Ruiz' },
    status: 'SENT',
    createdAt: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
    ...extra,
  };
}

class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

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

describe('outbox', () => {
  const pending = (clientId: string): PendingMessage => ({ clientId, conversationId: 'c1', body: `body ${clientId}`, createdAt: '2026-01-01T00:00:00Z' });

  it('survives a reload and keeps the same clientId for every retry', () => {
    const storage = new MemoryStorage();
    const outbox = new Outbox(storage, 'k');
    outbox.add(pending('a'));
    outbox.add(pending('b'));
    outbox.add(pending('a')); // the same send queued again stays one entry
    const reloaded = new Outbox(storage, 'k');
    expect(reloaded.retryable().map((p) => p.clientId)).toEqual(['b', 'a']);
  });

  it('settles once, from whichever confirmation comes first', () => {
    const outbox = new Outbox(new MemoryStorage(), 'k');
    outbox.add(pending('a'));
    expect(outbox.settle('a')).toBe(true);
    expect(outbox.settle('a')).toBe(false);
    expect(outbox.all()).toHaveLength(0);
  });

  it('stops retrying what the server refused until the user asks again', () => {
    const outbox = new Outbox(new MemoryStorage(), 'k');
    outbox.add(pending('a'));
    outbox.refuse('a', { error: 'Too long', retryable: false });
    expect(outbox.retryable()).toHaveLength(0);
    expect(outbox.forConversation('c1')[0].error).toBe('Too long');
    outbox.revive('a');
    expect(outbox.retryable()).toHaveLength(1);
  });

  it('ignores a corrupt stored value instead of failing to start', () => {
    const storage = new MemoryStorage();
    storage.setItem('k', '{not json');
    expect(new Outbox(storage, 'k').all()).toEqual([]);
    storage.setItem('k', JSON.stringify([{ clientId: 1 }, pending('ok')]));
    expect(new Outbox(storage, 'k').all().map((p) => p.clientId)).toEqual(['ok']);
  });

  it('makes v4 UUIDs', () => {
    const id = newClientId((n) => new Uint8Array(randomBytes(n)));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('message text', () => {
  it('turns only http(s) URLs into links and leaves markup as text', () => {
    const parts = splitLinks('see https://example.org/a?b=1. <img src=x onerror=alert(1)> javascript:alert(1)');
    expect(parts).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { kind: 'text', text: '. <img src=x onerror=alert(1)> javascript:alert(1)' },
    ]);
  });

  it('names conversations and presence the way people read them', () => {
    const members = [
      { id: 'u1', username: 'ana', firstName: 'Ana', lastName: 'Ruiz', status: 'ONLINE' as const },
      { id: 'u2', username: 'luis', firstName: 'Luis', lastName: 'Paz', status: 'OFFLINE' as const },
    ].map((user) => ({ user, role: 'MEMBER' as const, lastDeliveredSeq: 0, lastReadSeq: 0 }));
    const direct: Conversation = { id: 'c', kind: 'DIRECT', members, unreadCount: 0 };
    expect(conversationTitle(direct, 'u1')).toBe('Luis Paz');
    expect(conversationTitle({ ...direct, kind: 'SUPPORT' }, 'u1')).toBe('Support');
    expect(conversationTitle({ ...direct, kind: 'SUPPORT' }, 'op', true)).toBe('Support · ana');
    expect(conversationTitle({ ...direct, kind: 'ROOM', title: 'general' }, 'u1')).toBe('# general');
    expect(statusLabel('ONLINE')).toBe('connected');
    expect(statusLabel('OFFLINE')).toBe('disconnected');
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(relativeTime('2026-01-01T11:55:00Z', now)).toBe('5 min ago');
    expect(relativeTime(null, now)).toBe('never');
  });
});
