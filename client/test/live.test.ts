// The live socket: online/offline as the person sees it, resuming each loaded conversation where it left off, and rebuilding a dead socket.
import { MessageAddedDocument, UserUpdatedDocument } from '../src/api/generated';
import { Live } from '../src/state/live';
import { setTimeline } from '../src/state/store';
import { mergeIntoTimeline } from '../src/state/timeline';
import type { Message } from '../src/state/types';
import { FakeClock, FakeSockets, fromLuis, LUIS, storeWith } from './fakes';

function setup() {
  const store = storeWith();
  const sockets = new FakeSockets();
  const clock = new FakeClock();
  const added: Message[] = [];
  const connections: boolean[] = [];
  let unauthorized = 0;
  const live = new Live({
    store,
    openSocket: sockets.openSocket,
    clock,
    added: (m) => added.push(m),
    connected: (again) => connections.push(again),
    unauthorized: () => unauthorized++,
  });
  const hold = (conversationId: string, seqs: number[], hasMore = false) =>
    setTimeline(store, conversationId, (t) => mergeIntoTimeline(t, seqs.map((seq) => fromLuis(seq, { conversationId })), { hasMore }));
  return { store, sockets, clock, added, connections, live, hold, unauthorized: () => unauthorized };
}

describe('the live socket', () => {
  it('shows connecting, online and offline as the link goes', () => {
    const { store, sockets, live } = setup();
    expect(store.get().link).toBe('connecting');
    live.start();
    sockets.current.connect();
    expect(store.get().link).toBe('online');
    sockets.current.drop();
    expect(store.get().link).toBe('offline');
  });

  it('resumes every loaded conversation after its last seq with nothing missing, afresh on each reconnect', () => {
    const { sockets, live, hold, connections, added } = setup();
    hold('c1', [1, 2, 3]);
    hold('c2', [1, 3]); // 2 is missing: the replay must bring it
    live.start();
    const socket = sockets.current;
    socket.connect();
    expect(socket.open(MessageAddedDocument)).toEqual([
      { conversationId: 'c1', after: 3 },
      { conversationId: 'c2', after: 1 },
    ]);
    socket.push(MessageAddedDocument, { messageAdded: fromLuis(4, { conversationId: 'c1' }) }, { conversationId: 'c1' });
    expect(added.map((m) => m.seq)).toEqual([4]);

    socket.drop();
    expect(socket.open(MessageAddedDocument)).toEqual([]);
    hold('c1', [4, 5]);
    socket.connect();
    expect(socket.open(MessageAddedDocument)).toEqual([
      { conversationId: 'c1', after: 5 },
      { conversationId: 'c2', after: 1 },
    ]);
    expect(connections).toEqual([false, true]);
  });

  it('follows a conversation opened while online once, and stops when it is dropped', () => {
    const { sockets, live, hold } = setup();
    live.start();
    sockets.current.connect();
    live.follow('c1'); // no history loaded yet: nothing to resume from
    expect(sockets.current.open(MessageAddedDocument)).toEqual([]);
    hold('c1', [1]);
    live.follow('c1');
    live.follow('c1');
    expect(sockets.current.open(MessageAddedDocument)).toEqual([{ conversationId: 'c1', after: 1 }]);
    live.unfollow('c1');
    expect(sockets.current.open(MessageAddedDocument)).toEqual([]);
  });

  it('builds a new socket a little after graphql-ws gives up, with every standing stream on it', async () => {
    const { store, sockets, clock, live } = setup();
    const renamed: string[] = [];
    live.subscribe(UserUpdatedDocument, {}, (d) => renamed.push(d.userUpdated.firstName));
    live.start();
    const first = sockets.current;
    first.connect();
    first.events.failed();
    expect(first.closed).toBe(true);
    expect(store.get().link).toBe('offline');
    expect(sockets.opened).toHaveLength(1);

    await clock.advance(20_000);
    expect(sockets.opened).toHaveLength(2);
    const second = sockets.current;
    expect(second.connectedBefore).toBe(true);
    second.connect();
    second.push(UserUpdatedDocument, { userUpdated: { ...LUIS, firstName: 'Lucho' } });
    first.push(UserUpdatedDocument, { userUpdated: { ...LUIS, firstName: 'stale' } });
    expect(renamed).toEqual(['Lucho']);
  });

  it('stops a standing stream everywhere once it is no longer wanted, and leaves for good on stop', async () => {
    const { sockets, clock, live } = setup();
    const stop = live.subscribe(UserUpdatedDocument, {}, () => undefined);
    live.start();
    expect(sockets.current.open(UserUpdatedDocument)).toHaveLength(1);
    stop();
    expect(sockets.current.open(UserUpdatedDocument)).toHaveLength(0);
    sockets.current.events.failed();
    live.stop();
    await clock.advance(60_000);
    expect(sockets.opened).toHaveLength(1);
  });

  it('passes on a refused token', () => {
    const { sockets, live, unauthorized } = setup();
    live.start();
    sockets.current.events.unauthorized();
    expect(unauthorized()).toBe(1);
  });
});
