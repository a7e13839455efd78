// Reactions, pins, preferences in the list, notifications and the tab title, in plain Node.
import { AddReactionDocument, PinnedMessagesDocument, RemoveReactionDocument, UpdateProfileDocument } from '../src/api/generated';
import { conversationSections } from '../src/state/conversation-list';
import { markdownReady } from '../src/state/markdown';
import { Notifier, shouldNotify, tabTitle, unreadTotal } from '../src/state/notifications';
import { Pins } from '../src/state/pins';
import { Reactions, toggled, withMyReactions } from '../src/state/reactions';
import { mayPin, maySetTitle } from '../src/state/settings';
import type { Message } from '../src/state/types';
import { ANA, conversation, FakeNotifications, FakePage, FakeServer, fromLuis, LUIS, MemoryStorage, message, refusedWith, settle, storeWith } from './fakes';

const me = ANA.id;

describe('reactions', () => {
  it('toggle mine: a new emoji goes last, mine comes and goes, an emoji nobody keeps goes', () => {
    const start = [{ emoji: '👍', count: 1, reactedByMe: false }];
    const added = toggled(start, '👍');
    expect(added).toEqual([{ emoji: '👍', count: 2, reactedByMe: true }]);
    expect(toggled(added, '👍')).toEqual(start);
    expect(toggled(start, '🎉')).toEqual([...start, { emoji: '🎉', count: 1, reactedByMe: true }]);
    expect(toggled([{ emoji: '🎉', count: 1, reactedByMe: true }], '🎉')).toEqual([]);
  });

  it('keep whether I reacted when a shared stream brings new counts', () => {
    const known = fromLuis(3, { reactions: [{ emoji: '👍', count: 1, reactedByMe: true }] });
    const { reactions } = withMyReactions({ ...known, reactions: [{ emoji: '👍', count: 2 }, { emoji: '🎉', count: 1 }] }, known);
    expect(reactions).toEqual([
      { emoji: '👍', count: 2, reactedByMe: true },
      { emoji: '🎉', count: 1, reactedByMe: false },
    ]);
    expect(withMyReactions({ ...known, reactions: [{ emoji: '👍', count: 2 }] }, undefined).reactions[0].reactedByMe).toBe(false);
  });

  it('shows my reaction at once, then the server’s; a refusal puts it back; used emoji come first next time', async () => {
    const server = new FakeServer();
    const storage = new MemoryStorage();
    const shown: Message[] = [];
    const reactions = new Reactions({ request: server.request, storage, received: (m) => shown.push(m) });
    const original = fromLuis(3);
    const stored = { ...original, reactions: [{ emoji: '🎉', count: 2, reactedByMe: true }] };
    server.answer(AddReactionDocument, () => ({ addReaction: stored }));
    await reactions.toggle(original, '🎉');
    expect(shown.map((m) => m.reactions.map((r) => `${r.emoji}${r.count}`).join())).toEqual(['🎉1', '🎉2']);
    expect(reactions.recent()).toEqual(['🎉']);

    server.answer(RemoveReactionDocument, () => {
      throw refusedWith('NOT_FOUND', 'message not found');
    });
    await expect(reactions.toggle(stored, '🎉')).rejects.toThrow('message not found');
    expect(shown.at(-1)).toBe(stored);
  });
});

describe('pins', () => {
  it('keep a loaded list current from every update, newest pin first', async () => {
    const server = new FakeServer();
    const first = message(1, { pinnedAt: '2026-01-01T10:00:00.000Z' });
    server.answer(PinnedMessagesDocument, () => ({ conversation: { id: 'c1', pinnedMessages: [first] } }));
    const pins = new Pins({ request: server.request, received: () => undefined });
    pins.receive(message(2, { pinnedAt: '2026-01-01T11:00:00.000Z' })); // nothing loaded yet: nothing kept
    expect(pins.pinned.get()).toEqual({});
    await pins.load('c1');
    const second = message(2, { pinnedAt: '2026-01-01T11:00:00.000Z' });
    pins.receive(second);
    expect(pins.pinned.get().c1.map((m) => m.seq)).toEqual([2, 1]);
    pins.receive({ ...first, pinnedAt: null });
    pins.receive({ ...second, deletedAt: '2026-01-01T12:00:00.000Z' });
    expect(pins.pinned.get().c1).toEqual([]);
  });

  it('are offered to any member outside rooms; in rooms to their owner and staff', () => {
    const room = conversation('r1', { kind: 'ROOM' });
    const owned = conversation('r2', { kind: 'ROOM', members: [{ user: { id: me, username: 'ana', firstName: 'Ana', lastName: 'Ruiz', status: 'ONLINE' }, role: 'OWNER', lastDeliveredSeq: 0, lastReadSeq: 0 }] });
    expect(mayPin(conversation('g1'), me, false)).toBe(true);
    expect(mayPin(room, me, false)).toBe(false);
    expect(mayPin(owned, me, false)).toBe(true);
    expect(mayPin(room, me, true)).toBe(true);
    expect(maySetTitle(conversation('d1', { kind: 'DIRECT' }), me, true)).toBe(false);
  });
});

it('lists favourites first and archived ones apart, each most recent first', () => {
  const at = (seq: number) => message(seq);
  const list = conversationSections([
    conversation('a', { lastMessage: at(1) }),
    conversation('b', { lastMessage: at(5), archived: true, favourite: true }),
    conversation('c', { lastMessage: at(3), favourite: true }),
    conversation('d', { lastMessage: at(4) }),
  ]);
  expect(list.listed.map((c) => c.id)).toEqual(['c', 'd', 'a']);
  expect(list.archived.map((c) => c.id)).toEqual(['b']);
});

describe('notifications', () => {
  beforeAll(() => markdownReady);
  const group = conversation('c1');
  const direct = conversation('d1', { kind: 'DIRECT' });
  it.each([
    ['a message, level ALL', fromLuis(1), group, 'ALL', true],
    ['a message, level MENTIONS', fromLuis(1), group, 'MENTIONS', false],
    ['a mention of me, level MENTIONS', fromLuis(1, { mentions: [{ username: 'ana' }] }), group, 'MENTIONS', true],
    ['a direct message, level MENTIONS', fromLuis(1, { conversationId: 'd1' }), direct, 'MENTIONS', true],
    ['a mention, level NONE', fromLuis(1, { mentions: [{ username: 'ana' }] }), group, 'NONE', false],
    ['a muted conversation, even a mention', fromLuis(1, { mentions: [{ username: 'ana' }] }), { ...group, muted: true }, 'ALL', false],
    ['my own message', message(1), group, 'ALL', false],
    ['a system line', fromLuis(1, { kind: 'SYSTEM' }), group, 'ALL', false],
  ] as const)('%s', (_name, m, c, level, expected) => {
    expect(shouldNotify(m, c, ANA, level)).toBe(expected);
  });

  function setup(level: 'ALL' | 'MENTIONS' | 'NONE' = 'ALL') {
    const store = storeWith(conversation('c1', { unreadCount: 2 }), conversation('c2', { unreadCount: 5, muted: true }));
    store.update((s) => ({ ...s, me: { ...s.me, notificationLevel: level } }));
    const port = new FakeNotifications();
    const page = new FakePage();
    const server = new FakeServer();
    const opened: string[] = [];
    const storage = new MemoryStorage();
    const notifier = new Notifier({ store, port, storage, page, request: server.request, open: (id) => opened.push(id) });
    return { store, port, page, server, opened, storage, notifier };
  }

  it('asks for permission only when I turn them on, and then notify, as plain text, only while the tab is hidden', async () => {
    const { port, page, opened, notifier } = setup();
    expect(notifier.undecided).toBe(true);
    notifier.consider(fromLuis(1, { body: 'hola' }));
    expect(port.asked).toBe(0);
    await notifier.enable();
    expect(port.asked).toBe(1);
    expect(notifier.state.get()).toEqual({ permission: 'granted', enabled: true });

    notifier.consider(fromLuis(2, { body: 'in view' }));
    expect(port.shown).toEqual([]);
    page.hide();
    notifier.consider(fromLuis(3, { body: '**Hola** [Ana](https://example.org)' }));
    expect(port.shown.map((n) => [n.title, n.body])).toEqual([['Luis Paz in group c1', 'Hola Ana']]);
    port.shown[0].click();
    expect(page.focused).toBe(1);
    expect(opened).toEqual(['c1']);

    notifier.disable();
    notifier.consider(fromLuis(4));
    expect(port.shown).toHaveLength(1);
  });

  it('keep quiet when the browser says no', async () => {
    const { port, page, notifier } = setup();
    port.answer = 'denied';
    await notifier.enable();
    expect(notifier.state.get()).toEqual({ permission: 'denied', enabled: false });
    page.hide();
    notifier.consider(fromLuis(1));
    expect(port.shown).toEqual([]);
  });

  it('put the unread count of unmuted conversations in the tab title', () => {
    const { store, page } = setup();
    expect(page.title).toBe('(2) Charla');
    store.update((s) => ({ ...s, conversations: { ...s.conversations, c1: { ...s.conversations.c1, unreadCount: 0 } } }));
    expect(page.title).toBe('Charla');
    expect(unreadTotal({})).toBe(0);
    expect(tabTitle(3)).toBe('(3) Charla');
  });

  it('keep my level in my profile', async () => {
    const { store, server, notifier } = setup();
    server.answer(UpdateProfileDocument, ({ input }) => ({ updateProfile: { ...ANA, notificationLevel: input.notificationLevel ?? 'ALL' } }));
    await notifier.setLevel('MENTIONS');
    await settle();
    expect(store.get().me.notificationLevel).toBe('MENTIONS');
  });
});
