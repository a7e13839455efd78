import { TEST_STORES } from '@charla/platform/testing';
import type { UserCaller } from '../src/domain/types';
import { codeOf, openTestChat, type TestChat } from './support';

// Access checks that arrive in the same turn (a gateway's batch of sends) share one query:
// each still gets its own answer.
describe.each(TEST_STORES)('access checks made together on %s', (kind) => {
  let t: TestChat;
  let ana: UserCaller;
  let ben: UserCaller;
  let eve: UserCaller;
  let lea: UserCaller;

  beforeAll(async () => {
    t = await openTestChat(kind, 'lookups');
    [ana, ben, eve, lea] = ['ana', 'ben', 'eve', 'lea'].map((name) => t.users.register(name));
  });
  afterAll(() => t.dispose());

  it('answers each (conversation, user) with its own membership, none for outsiders, leavers and missing conversations', async () => {
    const group = await t.chat.conversations.createGroup(ana, { title: 'together', usernames: ['ben', 'lea'] });
    const other = await t.chat.conversations.createGroup(ben, { title: 'elsewhere', usernames: ['eve'] });
    await t.chat.conversations.leave(lea, group.id);
    const keys: [number, UserCaller][] = [
      [group.id, ana],
      [group.id, ben],
      [group.id, eve],
      [group.id, lea],
      [other.id, eve],
      [other.id, ana],
      [987_654, ana],
    ];
    const answers = await Promise.all(keys.map(([id, who]) => t.store.conversationOf(id, who.user.id)));
    expect(answers.map((found) => found?.conversation.id)).toEqual([group.id, group.id, group.id, group.id, other.id, other.id, undefined]);
    expect(answers.map((found) => found?.membership?.userId)).toEqual([ana.user.id, ben.user.id, undefined, undefined, eve.user.id, undefined, undefined]);
    expect(answers[0]?.membership?.role).toBe('owner');
  });

  it('stores the members\' sends and refuses an outsider\'s (as no such conversation) when they all arrive at once', async () => {
    const group = await t.chat.conversations.createGroup(ana, { title: 'burst', usernames: ['ben'] });
    const results = await Promise.all(
      [ana, ben, eve, ana, ben, eve].map((who, n) => codeOf(t.chat.messages.send(who, { conversationId: group.id, body: `message ${n}` }))),
    );
    expect(results).toEqual(['OK', 'OK', 'NOT_FOUND', 'OK', 'OK', 'NOT_FOUND']);
    const stored = await t.chat.messages.list(ana, { conversationId: group.id, pageSize: 10, order: 'oldest-first' });
    expect(stored.items.map((m) => m.body)).toEqual(['message 0', 'message 1', 'message 3', 'message 4']);
  });
});
