import WebSocket from 'ws';
import { collect, sleep, startStack, until, OPERATOR, type Stack, type TestUser } from './stack';

/** A support socket client: sends JSON-RPC frames, keeps every frame it gets and how it closed. */
class SupportClient {
  readonly frames: any[] = [];
  closeCode: number | undefined;
  private readonly socket: WebSocket;
  private readonly opened: Promise<void>;

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('message', (data) => this.frames.push(JSON.parse(data.toString())));
    this.socket.on('close', (code) => (this.closeCode = code));
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  async call(method: string, params: unknown[], id: number): Promise<any> {
    await this.opened;
    const before = this.frames.length;
    this.socket.send(JSON.stringify({ method, params, id }));
    await until(() => this.frames.slice(before).some((f) => f.id === id) || this.closeCode !== undefined);
    return this.frames.slice(before).find((f) => f.id === id);
  }

  close() {
    this.socket.close();
  }
}

let stack: Stack;
let ana: TestUser;
let operator: TestUser;
const clients: SupportClient[] = [];

function support(): SupportClient {
  const client = new SupportClient(`${stack.url.replace('http', 'ws')}/v1/support`);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  stack = await startStack('support');
  ana = await stack.register('ana');
  operator = await stack.login(OPERATOR.username, OPERATOR.password);
}, 60_000);
afterAll(async () => {
  for (const client of clients) client.close();
  await stack?.stop();
});

test('a bad or missing token closes the socket', async () => {
  const bad = support();
  await bad.call('message.auth', ['QWERTYUIOP'], 1);
  await until(() => bad.closeCode !== undefined);
  expect(bad.closeCode).toBe(4403);
  const early = support();
  await early.call('message.send', ['hello'], 1);
  await until(() => early.closeCode !== undefined);
  expect(early.closeCode).toBe(4403);
});

test('a user’s message on /v1/support is seen by an operator in GraphQL, and the reply comes back on the socket', async () => {
  const user = support();
  const auth = await user.call('message.auth', [ana.token], 1);
  expect(auth).toEqual({ error: null, result: { messages: null }, id: 1 });

  const operatorLive = collect<any>(stack.socket(operator.token), 'subscription { messageAdded { conversationId body isFromSupport author { username } } }', {}, (d) => d.messageAdded);
  await sleep(200);
  const sent = await user.call('message.send', ['Message from Client'], 2);
  expect(sent).toEqual({
    error: null,
    result: { message: { message_id: expect.any(Number), message_text: 'Message from Client', invader_name: '', is_from_support: false, created: expect.any(Number) } },
    id: 2,
  });
  expect(Math.abs(sent.result.message.created - Date.now() / 1000)).toBeLessThan(60);

  const [seen] = await operatorLive.waitFor(1);
  expect(seen).toMatchObject({ body: 'Message from Client', isFromSupport: false, author: { username: 'ana' } });
  const queue = await stack.gql('{ supportQueue { id kind supportUser { username } lastMessage { body } } }', {}, operator.token);
  expect(queue.data!.supportQueue).toEqual([{ id: seen.conversationId, kind: 'SUPPORT', supportUser: { username: 'ana' }, lastMessage: { body: 'Message from Client' } }]);

  const pushesBefore = user.frames.length;
  const reply = await stack.gql('mutation($c: ID!) { sendMessage(conversationId: $c, body: "Message from Operator") { isFromSupport } }', { c: seen.conversationId }, operator.token);
  expect(reply.data).toEqual({ sendMessage: { isFromSupport: true } });
  await until(() => user.frames.length > pushesBefore);
  const push = user.frames[pushesBefore];
  expect(push).toEqual({
    error: null,
    result: { message: { message_id: expect.any(Number), message_text: 'Message from Operator', invader_name: 'operator', is_from_support: true, created: expect.any(Number) } },
    id: push.result.message.message_id,
  });
  await sleep(200);
  // Its own send is answered, not pushed back a second time.
  expect(user.frames.filter((f) => f.result?.message?.message_text === 'Message from Client')).toHaveLength(1);

  // Reconnecting gives the history, oldest first.
  const again = support();
  const history = await again.call('message.auth', [ana.token], 7);
  expect(history.result.messages.map((m: any) => [m.message_text, m.invader_name, m.is_from_support])).toEqual([
    ['Message from Client', '', false],
    ['Message from Operator', 'operator', true],
  ]);
});

test('an operator answers on the socket with message.operatorSend', async () => {
  const ben = await stack.register('ben');
  const user = support();
  await user.call('message.auth', [ben.token], 1);
  await user.call('message.send', ['help me'], 2);

  const desk = support();
  const waiting = await desk.call('message.auth', [operator.token], 1);
  expect(waiting.result.messages).toEqual(expect.arrayContaining([expect.objectContaining({ message_text: 'help me', user_name: 'ben', user_id: Number(ben.id) })]));

  const before = user.frames.length;
  const answered = await desk.call('message.operatorSend', ['on my way', 'ben'], 3);
  expect(answered.error).toBeNull();
  expect(answered.result.message).toMatchObject({ message_text: 'on my way', invader_name: 'operator', is_from_support: true, user_name: 'ben' });
  await until(() => user.frames.length > before);
  expect(user.frames[before].result.message).toMatchObject({ message_text: 'on my way', invader_name: 'operator', is_from_support: true });
  expect(user.frames[before].result.message.user_name).toBeUndefined();

  // The user's next message reaches the operator's socket as a push.
  const deskBefore = desk.frames.length;
  await user.call('message.send', ['thanks'], 3);
  await until(() => desk.frames.length > deskBefore);
  expect(desk.frames[deskBefore].result.message).toMatchObject({ message_text: 'thanks', is_from_support: false, user_name: 'ben' });
});

test('wrong arguments get the protocol’s "Incorrect argument." error', async () => {
  const user = support();
  await user.call('message.auth', [ana.token], 1);
  const incorrect = { error: { code: 1, message: 'Incorrect argument.' }, result: null };
  expect(await user.call('message.send', [42], 2)).toEqual({ ...incorrect, id: 2 });
  expect(await user.call('message.send', [], 3)).toEqual({ ...incorrect, id: 3 });
  expect(await user.call('message.send', ['a', 'b'], 4)).toEqual({ ...incorrect, id: 4 });
  // Only operators answer.
  expect(await user.call('message.operatorSend', ['hi', 'ana'], 5)).toEqual({ ...incorrect, id: 5 });
  const desk = support();
  await desk.call('message.auth', [operator.token], 1);
  expect(await desk.call('message.operatorSend', ['hi', 'nobody-here'], 2)).toEqual({ ...incorrect, id: 2 });
  expect(await desk.call('message.operatorSend', [{}], 3)).toEqual({ ...incorrect, id: 3 });
});

test('messages-service judges the body: 4000 emoji (code points) are accepted, 4001 are "Incorrect argument."', async () => {
  const eve = await stack.register('eve');
  const user = support();
  await user.call('message.auth', [eve.token], 1);
  const longest = '😀'.repeat(4000);
  const accepted = await user.call('message.send', [longest], 2);
  expect(accepted.error).toBeNull();
  expect(accepted.result.message.message_text).toBe(longest);
  expect(await user.call('message.send', [`${longest}😀`], 3)).toEqual({ error: { code: 1, message: 'Incorrect argument.' }, result: null, id: 3 });
});

test('an operator opens any user’s support conversation by id, even before they asked; users cannot', async () => {
  const dora = await stack.register('dora');
  const OPEN = 'mutation($u: ID) { openSupport(userId: $u) { id kind supportUser { username } } }';
  const byOperator = await stack.gql(OPEN, { u: dora.id }, operator.token);
  expect(byOperator.data!.openSupport).toMatchObject({ kind: 'SUPPORT', supportUser: { username: 'dora' } });
  const byDora = await stack.gql(OPEN, {}, dora.token);
  expect(byDora.data!.openSupport.id).toBe(byOperator.data!.openSupport.id);

  const refused = await stack.gql(OPEN, { u: dora.id }, ana.token);
  expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const nobody = await stack.gql(OPEN, { u: '999999' }, operator.token);
  expect(nobody.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  const bad = await stack.gql(OPEN, { u: 'x' }, operator.token);
  expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });

  // On the support socket the operator writes first, and Dora's socket gets it.
  const user = support();
  await user.call('message.auth', [dora.token], 1);
  const desk = support();
  await desk.call('message.auth', [operator.token], 1);
  const before = user.frames.length;
  const sent = await desk.call('message.operatorSend', ['hello Dora, can we help?', Number(dora.id)], 2);
  expect(sent.error).toBeNull();
  await until(() => user.frames.length > before);
  expect(user.frames[before].result.message).toMatchObject({ message_text: 'hello Dora, can we help?', is_from_support: true });
});
