// Messages typed but not yet stored: kept across reloads, each under one clientId.
import { newClientId, Outbox } from '../src/state/outbox';
import type { PendingMessage } from '../src/state/types';
import { MemoryStorage } from './fakes';

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
    const id = newClientId((n) => crypto.getRandomValues(new Uint8Array(n)));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
