// The whole chat as the views use it, over a fake server and socket: what a person sees across a lost link.
import {
  DeleteMessageDocument,
  HomeDocument,
  LogoutDocument,
  MarkDeliveredDocument,
  MarkReadDocument,
  MessageAddedDocument,
  MessagesDocument,
  SendMessageDocument,
  type HomeQuery,
  type MessagesQueryVariables,
} from '../src/api/generated';
import { Chat } from '../src/state/chat';
import type { Message } from '../src/state/types';
import { ANA, conversation, fakePorts, fromLuis, message, messagesPage, networkDown, refusedWith, settle } from './fakes';

function home(): HomeQuery {
  return { me: ANA, conversations: [conversation('c1')], users: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } }, rooms: [], motd: null };
}

/** Ana's chat against a server holding c1's messages; `down` makes every request fail as if offline. */
function setup() {
  const fakes = fakePorts();
  const { server } = fakes;
  const stored: Message[] = [];
  let down = false;
  const up = <T>(answer: () => T) => {
    if (down) throw networkDown();
    return answer();
  };
  server.answer(HomeDocument, () => up(home));
  server.answer(MessagesDocument, ({ after }: MessagesQueryVariables) => up(() => messagesPage(stored.filter((m) => after == null || m.seq > Number(after)))));
  server.answer(MarkReadDocument, () => up(() => ({ markRead: conversation('c1') })));
  server.answer(MarkDeliveredDocument, () => up(() => ({ markDelivered: { id: 'c1' } })));
  server.answer(SendMessageDocument, (v) =>
    up(() => {
      const known = stored.find((m) => m.clientId === v.clientId);
      if (known) return { sendMessage: known };
      const m = message(stored.length + 1, { body: v.body, clientId: v.clientId ?? null });
      stored.push(m);
      return { sendMessage: m };
    }),
  );
  let sessionEnds = 0;
  const chat = new Chat('token', ANA, fakes.ports, () => sessionEnds++);
  const shown = () => chat.state.get().timelines.c1?.messages.map((m) => m.body);
  const pending = () => chat.state.get().pending.map((p) => p.body);
  return { ...fakes, chat, stored, shown, pending, setDown: (value: boolean) => (down = value), sessionEnds: () => sessionEnds };
}

async function openedOnline() {
  const t = setup();
  t.chat.start(home());
  t.sockets.current.connect();
  await t.chat.open('c1');
  return t;
}

describe('the chat', () => {
  it('sends what was written offline once, in order, after the reconnect, and shows each message once', async () => {
    const t = await openedOnline();
    const socket = t.sockets.current;
    socket.drop();
    t.setDown(true);
    t.chat.send('c1', 'one');
    t.chat.send('c1', 'two');
    await settle();
    expect(t.pending()).toEqual(['one', 'two']);
    expect(t.chat.state.get().link).toBe('offline');

    t.setDown(false);
    socket.connect();
    await settle();
    expect(t.stored.map((m) => m.body)).toEqual(['one', 'two']);
    expect(t.pending()).toEqual([]);
    // The resumed stream replays them as well: still one of each.
    for (const m of t.stored) socket.push(MessageAddedDocument, { messageAdded: m }, { conversationId: 'c1' });
    expect(t.shown()).toEqual(['one', 'two']);
    await t.clock.advance(60_000);
    expect(t.stored).toHaveLength(2);
  });

  it('fills in what others sent while the link was down, and marks it read once', async () => {
    const t = await openedOnline();
    t.stored.push(fromLuis(1, { body: 'are you there?' }));
    t.sockets.current.push(MessageAddedDocument, { messageAdded: t.stored[0] }, { conversationId: 'c1' });
    t.sockets.current.drop();
    t.stored.push(fromLuis(2, { body: 'hello?' }), fromLuis(3, { body: 'ok, later' }));
    t.sockets.current.connect();
    // The gateway replays what came after the last seq held, down the resumed stream.
    expect(t.sockets.current.open(MessageAddedDocument)).toContainEqual({ conversationId: 'c1', after: 1 });
    t.sockets.current.push(MessageAddedDocument, { messageAdded: t.stored[2] }, { conversationId: 'c1', after: 1 });
    await settle();
    expect(t.shown()).toEqual(['are you there?', 'hello?', 'ok, later']);
    expect(t.server.sent(MarkReadDocument).at(-1)).toEqual({ conversationId: 'c1', seq: 3 });
    expect(t.server.sent(MarkReadDocument).filter((v) => v.seq === 3)).toHaveLength(1);
  });

  it('ends the session once when the server stops taking the token, however many parts notice', async () => {
    const t = await openedOnline();
    t.server.answer(SendMessageDocument, () => {
      throw refusedWith('UNAUTHENTICATED', 'Not signed in.');
    });
    t.chat.send('c1', 'hi');
    await settle();
    t.sockets.current.events.unauthorized();
    expect(t.sessionEnds()).toBe(1);
    expect(t.pending()).toEqual(['hi']);
  });

  it('leaves a message as it was when its deletion is refused, and says why', async () => {
    const t = await openedOnline();
    t.chat.send('c1', 'mine');
    await settle();
    t.server.answer(DeleteMessageDocument, () => {
      throw networkDown();
    });
    await expect(t.chat.remove(t.stored[0].id)).rejects.toThrow('The server cannot be reached.');
    expect(t.chat.state.get().timelines.c1.messages[0]).toMatchObject({ body: 'mine', status: 'SENT', deletedAt: null });
  });

  it('stays usable when the refresh after a reconnect fails, and says so in the console', async () => {
    const t = await openedOnline();
    t.sockets.current.drop();
    t.server.answer(HomeDocument, () => {
      throw networkDown();
    });
    t.sockets.current.connect();
    await settle();
    expect(t.reports.map((r) => r.what)).toEqual(['refresh after reconnect failed']);
    t.chat.send('c1', 'still here');
    await settle();
    expect(t.shown()).toEqual(['still here']);
  });

  it('signs out on the server quietly when the session had already ended there, and reports any other failure', async () => {
    const t = await openedOnline();
    t.server.answer(LogoutDocument, () => {
      throw refusedWith('UNAUTHENTICATED', 'Not signed in.');
    });
    await t.chat.logout();
    expect(t.reports).toEqual([]);
    expect(t.sessionEnds()).toBe(0); // the person chose to leave: no "your session ended"
    t.server.answer(LogoutDocument, () => {
      throw networkDown();
    });
    await t.chat.logout();
    expect(t.reports.map((r) => r.what)).toEqual(['signing out on the server failed']);
  });

  it('stops everything on sign-out: no socket, no retries', async () => {
    const t = await openedOnline();
    t.setDown(true);
    t.chat.send('c1', 'never');
    await settle();
    t.chat.stop();
    t.setDown(false);
    await t.clock.advance(60_000);
    expect(t.sockets.current.closed).toBe(true);
    expect(t.stored).toEqual([]);
  });
});
