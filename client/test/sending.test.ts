// What I write: the outbox sends in order and once, waits out the network and rate limits, and says why the server refused.
import { DeleteMessageDocument, SendMessageDocument, type SendMessageMutationVariables } from '../src/api/generated';
import { Sending } from '../src/state/sending';
import type { Message } from '../src/state/types';
import { conversation, FakeClock, FakeServer, message, MemoryStorage, networkDown, refusedWith, settle, storeWith } from './fakes';

/** The gateway's sendMessage: stores each clientId once, in the order asked; `refuse` answers instead when it returns an error. */
function messagesServer() {
  const server = new FakeServer();
  const stored: Message[] = [];
  let refuse: (v: SendMessageMutationVariables) => Error | undefined = () => undefined;
  server.answer(SendMessageDocument, (v) => {
    const refusal = refuse(v);
    if (refusal) throw refusal;
    const known = stored.find((m) => m.clientId === v.clientId);
    if (known) return { sendMessage: known };
    const replyTo = v.replyToId ? { id: v.replyToId, seq: 1, body: 'the original', status: 'SENT' as const, author: null } : null;
    const m = message(stored.length + 1, { conversationId: v.conversationId, body: v.body, clientId: v.clientId ?? null, replyTo });
    stored.push(m);
    return { sendMessage: m };
  });
  return { server, stored, refuseWhen: (rule: typeof refuse) => (refuse = rule) };
}

function setup(storage = new MemoryStorage()) {
  const { server, stored, refuseWhen } = messagesServer();
  const clock = new FakeClock();
  const store = storeWith(conversation('c1'));
  const received: Message[] = [];
  const replyingTo = new Map<string, string>();
  const takeReply = (conversationId: string) => {
    const id = replyingTo.get(conversationId);
    replyingTo.delete(conversationId);
    return id;
  };
  const sending = new Sending({ store, request: server.request, storage, clock, randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)), received: (m) => received.push(m), takeReply });
  const pending = () => store.get().pending.map((p) => p.body);
  return { server, stored, refuseWhen, clock, store, received, sending, storage, pending, replyingTo };
}

describe('sending messages', () => {
  it('sends a reply with the message it answers, once, also after a reload', async () => {
    const storage = new MemoryStorage();
    const first = setup(storage);
    first.refuseWhen(() => networkDown());
    first.replyingTo.set('c1', 'm7');
    first.sending.send('c1', 'Friday!');
    first.sending.send('c1', 'and not a reply');
    await settle();
    // The next tab (or a reload) sends what was queued, the reply still a reply.
    const again = setup(storage);
    again.sending.flush();
    await settle();
    expect(again.stored.map((m) => [m.body, m.replyTo?.id ?? null])).toEqual([
      ['Friday!', 'm7'],
      ['and not a reply', null],
    ]);
  });

  it('sends a message written offline once, in order, when the link is back', async () => {
    const { server, stored, refuseWhen, clock, sending, pending, received } = setup();
    refuseWhen(() => networkDown());
    sending.send('c1', 'one');
    sending.send('c1', 'two  ');
    await settle();
    expect(pending()).toEqual(['one', 'two']);
    expect(stored).toEqual([]);

    refuseWhen(() => undefined);
    sending.flush(); // what the reconnect (or the browser's online event) does
    await settle();
    expect(stored.map((m) => m.body)).toEqual(['one', 'two']);
    expect(received.map((m) => m.body)).toEqual(['one', 'two']);
    expect(pending()).toEqual([]);
    // Every try of a message carried the same clientId, and nothing goes out again later.
    const tries = server.sent(SendMessageDocument);
    expect(new Set(tries.filter((v) => v.body === 'one').map((v) => v.clientId)).size).toBe(1);
    await clock.advance(60_000);
    expect(server.sent(SendMessageDocument)).toHaveLength(tries.length);
  });

  it('retries by itself after a lost connection, with backoff', async () => {
    const { stored, refuseWhen, clock, sending, pending } = setup();
    let down = true;
    refuseWhen(() => (down ? networkDown() : undefined));
    sending.send('c1', 'hello');
    await settle();
    down = false;
    await clock.advance(10_000);
    expect(stored.map((m) => m.body)).toEqual(['hello']);
    expect(pending()).toEqual([]);
  });

  it('holds a rate-limited send for at least a second and keeps the order behind it', async () => {
    const { server, stored, refuseWhen, clock, sending, pending } = setup();
    let limited = 1;
    refuseWhen((v) => (v.body === 'two' && limited-- > 0 ? refusedWith('TOO_MANY_REQUESTS', 'Slow down.') : undefined));
    sending.send('c1', 'one');
    sending.send('c1', 'two');
    sending.send('c1', 'three');
    await settle();
    expect(stored.map((m) => m.body)).toEqual(['one']);
    expect(pending()).toEqual(['two', 'three']);
    await clock.advance(999);
    expect(server.sent(SendMessageDocument).map((v) => v.body)).toEqual(['one', 'two']);
    await clock.advance(10_000);
    expect(stored.map((m) => m.body)).toEqual(['one', 'two', 'three']);
    expect(pending()).toEqual([]);
  });

  it('says why the server refused a message, stops retrying it, and puts it back in the composer on Edit', async () => {
    const { server, refuseWhen, clock, sending, store } = setup();
    refuseWhen(() => refusedWith('BAD_USER_INPUT', 'invalid', { fieldViolations: [{ field: 'body', description: 'must be at most 4000 characters.' }] }));
    sending.send('c1', 'far too long');
    await settle();
    expect(store.get().pending[0]).toMatchObject({ body: 'far too long', error: 'Not sent: the message must be at most 4000 characters.', retryable: false });
    await clock.advance(60_000);
    expect(server.sent(SendMessageDocument)).toHaveLength(1);

    sending.setDraft('c1', 'and more');
    sending.editUnsent(store.get().pending[0].clientId);
    expect(sending.drafts.get().c1).toBe('far too long\nand more');
    expect(store.get().pending).toEqual([]);
  });

  it('lets a message refused because I left the conversation be sent again or discarded', async () => {
    const { stored, refuseWhen, sending, store, pending } = setup();
    refuseWhen(() => refusedWith('FORBIDDEN', 'Not a member.'));
    sending.send('c1', 'still there?');
    await settle();
    expect(store.get().pending[0]).toMatchObject({ error: 'Not sent: you are no longer in this conversation.', retryable: true });

    refuseWhen(() => undefined);
    sending.retry(store.get().pending[0].clientId);
    await settle();
    expect(stored.map((m) => m.body)).toEqual(['still there?']);

    refuseWhen(() => refusedWith('FORBIDDEN', 'Not a member.'));
    sending.send('c1', 'gone');
    await settle();
    sending.discard(store.get().pending[0].clientId);
    expect(pending()).toEqual([]);
  });

  it('keeps unsent messages across a reload, and forgets them on a chosen sign-out', async () => {
    const storage = new MemoryStorage();
    const first = setup(storage);
    first.refuseWhen(() => networkDown());
    first.sending.send('c1', 'kept');
    await settle();
    first.sending.stop();

    const reloaded = setup(storage);
    expect(reloaded.pending()).toEqual(['kept']);
    reloaded.sending.forgetUnsent();
    expect(setup(storage).pending()).toEqual([]);
  });

  it('keeps a message whose send found the session ended, for the next sign-in', async () => {
    const { refuseWhen, sending, store } = setup();
    refuseWhen(() => refusedWith('UNAUTHENTICATED', 'Not signed in.'));
    sending.send('c1', 'later');
    await settle();
    expect(store.get().pending.map((p) => [p.body, p.error])).toEqual([['later', undefined]]);
  });

  it('takes a message off the pending list when the server confirms it some other way (a push, a replay)', () => {
    const { refuseWhen, sending, store } = setup();
    refuseWhen(() => networkDown());
    sending.send('c1', 'hi');
    sending.settled(store.get().pending[0].clientId);
    expect(store.get().pending).toEqual([]);
  });

  it('rejects a refused delete with the server’s words, and the message stays as it was', async () => {
    const { server, sending, received } = setup();
    server.answer(DeleteMessageDocument, () => {
      throw refusedWith('FORBIDDEN', 'Only the author can delete a message.');
    });
    await expect(sending.remove('m1')).rejects.toThrow('Only the author can delete a message.');
    expect(received).toEqual([]);
  });
});
