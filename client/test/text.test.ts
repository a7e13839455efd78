// What people read: message text with safe links, conversation names, presence and times.
import { conversationTitle, relativeTime, splitLinks, statusLabel } from '../src/state/text';
import { conversation } from './fakes';

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
    const direct = conversation('c', { kind: 'DIRECT', members, title: '' });
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
