// "… is typing": shown while others type, gone a few seconds after they stop; mine told to others, not too often.
import { SetTypingDocument, TypingChangedDocument } from '../src/api/generated';
import { patch } from '../src/state/store';
import { Typing, TYPING_SENT_EVERY_MS, TYPING_SHOWN_MS } from '../src/state/typing';
import { ANA, FakeClock, FakeServer, FakeSocket, LUIS, networkDown, refusedWith, settle, storeWith } from './fakes';

function setup() {
  const server = new FakeServer().answer(SetTypingDocument, () => ({ setTyping: true }));
  const socket = new FakeSocket({ connected() {}, state() {}, closed() {}, unauthorized() {}, failed() {} }, false);
  const clock = new FakeClock();
  const store = storeWith();
  patch(store, { link: 'online' });
  const reports: string[] = [];
  const typing = new Typing({ store, request: server.request, subscribe: socket.subscribe, clock, report: (what) => reports.push(what) });
  const typingIn = (id: string) => (store.get().typing[id] ?? []).map((t) => t.username);
  const event = (conversationId: string, typing: boolean, user = LUIS) =>
    socket.push(TypingChangedDocument, { typingChanged: { conversationId, typing, user: { id: user.id, username: user.username } } }, { conversationId });
  return { server, socket, clock, store, typing, typingIn, event, reports };
}

describe('typing indicators', () => {
  it('shows who types in the open conversation and hides them a few seconds after the last word', async () => {
    const { clock, typing, typingIn, event } = setup();
    typing.watch('c1');
    event('c1', true);
    expect(typingIn('c1')).toEqual(['luis']);
    await clock.advance(TYPING_SHOWN_MS - 1_000);
    event('c1', true); // still typing: shown for longer
    await clock.advance(TYPING_SHOWN_MS - 1_000);
    expect(typingIn('c1')).toEqual(['luis']);
    await clock.advance(2_000);
    expect(typingIn('c1')).toEqual([]);
  });

  it('hides them at once when they stop or their message arrives, and never shows me', () => {
    const { typing, typingIn, event } = setup();
    typing.watch('c1');
    event('c1', true);
    event('c1', false);
    expect(typingIn('c1')).toEqual([]);
    event('c1', true);
    typing.stopped('c1', LUIS.id);
    expect(typingIn('c1')).toEqual([]);
    event('c1', true, ANA);
    expect(typingIn('c1')).toEqual([]);
  });

  it('follows only the conversation that is open', () => {
    const { socket, typing } = setup();
    typing.watch('c1');
    typing.watch('c2');
    expect(socket.open(TypingChangedDocument)).toEqual([{ conversationId: 'c2' }]);
    typing.watch(null);
    expect(socket.open(TypingChangedDocument)).toEqual([]);
  });

  it('tells the others I am typing at most every few seconds, and only while online', async () => {
    const { server, clock, store, typing } = setup();
    typing.typingNow('c1');
    typing.typingNow('c1');
    await clock.advance(TYPING_SENT_EVERY_MS - 1);
    typing.typingNow('c1');
    await clock.advance(1);
    typing.typingNow('c1');
    await clock.advance(TYPING_SENT_EVERY_MS);
    patch(store, { link: 'offline' });
    typing.typingNow('c1');
    expect(server.sent(SetTypingDocument)).toHaveLength(2);
  });

  it('lets a typing hint lost to the network go, and reports any other failure', async () => {
    const { server, clock, typing, reports } = setup();
    server.answer(SetTypingDocument, () => {
      throw networkDown();
    });
    typing.typingNow('c1');
    await settle();
    expect(reports).toEqual([]);
    server.answer(SetTypingDocument, () => {
      throw refusedWith('FORBIDDEN', 'Not a member.');
    });
    await clock.advance(TYPING_SENT_EVERY_MS);
    typing.typingNow('c1');
    await settle();
    expect(reports).toEqual(['typing not sent']);
  });
});
