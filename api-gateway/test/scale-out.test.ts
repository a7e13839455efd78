// Scale-out as docker-compose runs it: two gateways, and two replicas of messages-service on one
// database that wake each other's event streams through Redis. Ana is on one side, Ben on the other.
import { messagesConfigFromEnv, startMessagesService } from '@charla/messages-service';
import { collect, sleep, startStack, until, REDIS_URL, type Door, type Stack, type TestUser } from './stack';

let stack: Stack;
let second: Door;
let ana: TestUser;
let ben: TestUser;

beforeAll(async () => {
  stack = await startStack('scale', { SENDS_PER_SECOND: '1000', SEND_BURST: '1000' }, { redis: true });
  const replica = await startMessagesService(
    messagesConfigFromEnv({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      GRPC_PORT: '0',
      HTTP_PORT: '0',
      DATABASE_URL: stack.databases.messages,
      REDIS_URL,
      USERS_GRPC_ADDR: stack.usersGrpcAddr,
    }),
  );
  stack.leftovers.push(() => replica.stop());
  second = await stack.addGateway({ MESSAGES_GRPC_ADDR: `127.0.0.1:${replica.grpcPort}` });
  [ana, ben] = await Promise.all([stack.register('ana'), stack.register('ben')]);
}, 60_000);
afterAll(() => stack?.stop());

const MESSAGE_ADDED = 'subscription { messageAdded { seq body author { username } } }';

test('messages sent through one gateway and replica reach a subscriber on the other, each once and in order', async () => {
  const { data } = await stack.gql('mutation { openDirect(username: "ben") { id } }', {}, ana.token);
  const direct = data!.openDirect.id;
  const benSees = collect<{ seq: number; body: string }>(second.socket(ben.token), MESSAGE_ADDED, {}, (d) => d.messageAdded);
  const anaSocket = stack.socket(ana.token);
  const anaSees = collect<{ seq: number; body: string }>(anaSocket, MESSAGE_ADDED, {}, (d) => d.messageAdded);
  await sleep(200);
  for (let i = 1; i <= 10; i++) {
    // Alternate doors: the sender's own gateway and replica differ from message to message.
    const [door, who] = i % 2 ? [stack, ana] : [second, ben];
    const sent = await door.gql('mutation($c: ID!, $b: String!) { sendMessage(conversationId: $c, body: $b) { seq } }', { c: direct, b: `m${i}` }, who.token);
    expect(sent.data!.sendMessage.seq).toBe(i);
  }
  const expected = Array.from({ length: 10 }, (_, i) => ({ seq: i + 1, body: `m${i + 1}` }));
  for (const seen of [benSees, anaSees]) {
    await seen.waitFor(10);
    await sleep(200);
    expect(seen.items.map(({ seq, body }) => ({ seq, body }))).toEqual(expected);
  }
  await anaSocket.dispose();
});

async function statusOf(username: string): Promise<string> {
  const { data } = await second.gql('query($u: String) { user(username: $u) { status } }', { u: username }, ben.token);
  return data!.user.status;
}

test('presence and typing cross gateways: Ana online, typing, then offline when her gateway’s sockets go', async () => {
  // Start from Ana offline (the first test's socket is gone once the grace period passed).
  for (let status = await statusOf('ana'); status !== 'OFFLINE'; status = await statusOf('ana')) await sleep(50);
  const presence = collect<{ username: string; status: string }>(second.socket(ben.token), 'subscription { presenceChanged { username status } }', {}, (d) => d.presenceChanged);
  const { data } = await stack.gql('mutation { openDirect(username: "ben") { id } }', {}, ana.token);
  const typing = collect<{ username: string }>(second.socket(ben.token), 'subscription($c: ID!) { typing(conversationId: $c) { username } }', { c: data!.openDirect.id }, (d) => d.typing);
  await sleep(200);
  const anaSocket = stack.socket(ana.token);
  await until(() => presence.items.some((p) => p.username === 'ana' && p.status === 'ONLINE'));

  const typed = await stack.gql('mutation($c: ID!) { setTyping(conversationId: $c) }', { c: data!.openDirect.id }, ana.token);
  expect(typed.data).toEqual({ setTyping: true });
  await typing.waitFor(1);
  expect(typing.items[0]).toEqual({ username: 'ana' });

  // All of Ana's sockets on the first gateway close: she goes offline for Ben on the second.
  await anaSocket.dispose();
  await until(() => presence.items.some((p) => p.username === 'ana' && p.status === 'OFFLINE'), 8_000, () => JSON.stringify(presence.items));
});
