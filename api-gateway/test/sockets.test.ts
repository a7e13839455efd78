import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { collect, sleep, startStack, until, PASSWORD, type Stack, type TestUser } from './stack';

const PRESENCE = 'subscription { presenceChanged { username status } }';

interface Presence {
  username: string;
  status: string;
}

let stack: Stack;
let ana: TestUser;
let ben: TestUser;

beforeAll(async () => {
  stack = await startStack('sockets');
  [ana, ben] = await Promise.all([stack.register('ana'), stack.register('ben')]);
}, 60_000);
afterAll(() => stack?.stop());

function closeCode(token: string | undefined): Promise<number> {
  return new Promise((resolve) => stack.socket(token, { onClose: resolve }));
}

test('presence: online with the first socket, one user across tabs, offline after the last one and the grace period', async () => {
  const watcher = collect<Presence>(stack.socket(ana.token), PRESENCE, {}, (d) => d.presenceChanged);
  await sleep(300);
  const benTab1 = stack.socket(ben.token);
  const benTab2 = stack.socket(ben.token);
  await until(() => watcher.items.some((p) => p.username === 'ben' && p.status === 'ONLINE'));
  await sleep(300);
  await benTab1.dispose();
  // The second tab keeps Ben online.
  await sleep(800);
  expect(watcher.items.filter((p) => p.username === 'ben').map((p) => p.status)).toEqual(['ONLINE']);
  const users = await stack.gql('{ users(first: 10) { edges { node { username status } } } }', {}, ana.token);
  expect(users.data!.users.edges.map((e: { node: Presence }) => e.node)).toEqual(
    expect.arrayContaining([{ username: 'ben', status: 'ONLINE' }, { username: 'ana', status: 'ONLINE' }]),
  );
  await benTab2.dispose();
  await until(() => watcher.items.some((p) => p.username === 'ben' && p.status === 'OFFLINE'), 5_000);
  expect(watcher.items.filter((p) => p.username === 'ben').map((p) => p.status)).toEqual(['ONLINE', 'OFFLINE']);
});

test('presence: away and busy reach other users', async () => {
  const watcher = collect<Presence>(stack.socket(ana.token), PRESENCE, {}, (d) => d.presenceChanged);
  stack.socket(ben.token);
  await until(() => watcher.items.some((p) => p.username === 'ben' && p.status === 'ONLINE'));
  await stack.gql('mutation { setStatus(status: AWAY) { status } }', {}, ben.token);
  await stack.gql('mutation { setStatus(status: BUSY) { status } }', {}, ben.token);
  await until(() => watcher.items.some((p) => p.username === 'ben' && p.status === 'BUSY'));
  expect(watcher.items.filter((p) => p.username === 'ben').map((p) => p.status)).toEqual(['ONLINE', 'AWAY', 'BUSY']);
  const offline = await stack.gql('mutation { setStatus(status: OFFLINE) { status } }', {}, ben.token);
  expect(offline.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
  await stack.gql('mutation { setStatus(status: ONLINE) { status } }', {}, ben.token);
});

test('userUpdated: a profile edit reaches other users live, without the email', async () => {
  type Updated = { username: string; firstName: string; email: string | null };
  const watcher = collect<Updated>(stack.socket(ana.token), 'subscription { userUpdated { username firstName email } }', {}, (d) => d.userUpdated);
  await sleep(300);
  const edited = await stack.gql('mutation { updateProfile(input: { firstName: "Benjamín" }) { firstName } }', {}, ben.token);
  expect(edited.data!.updateProfile).toEqual({ firstName: 'Benjamín' });
  await until(() => watcher.items.some((u) => u.username === 'ben' && u.firstName === 'Benjamín'));
  expect(watcher.items.find((u) => u.username === 'ben')!.email).toBeNull();
});

test('a missing or bad token ends the socket with 4403', async () => {
  expect(await closeCode(undefined)).toBe(4403);
  expect(await closeCode('not-a-token')).toBe(4403);
});

test('logout closes that token’s sockets with 4403; other sessions stay', async () => {
  const other = await stack.login('ana', PASSWORD);
  const closes: number[] = [];
  const doomed = stack.socket(other.token, { onClose: (code) => closes.push(code) });
  const kept = stack.socket(ana.token, { onClose: (code) => closes.push(code) });
  const live = collect(doomed, 'subscription { presenceChanged { username } }');
  collect(kept, 'subscription { presenceChanged { username } }');
  await sleep(300);
  expect(live.errors).toEqual([]);
  const out = await stack.gql('mutation { logout }', {}, other.token);
  expect(out.data).toEqual({ logout: true });
  await until(() => closes.length > 0);
  await sleep(200);
  expect(closes).toEqual([4403]);
  const after = await stack.gql('{ me { username } }', {}, other.token);
  expect(after.status).toBe(401);
  expect(after.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
});

test('a password change closes the sockets of the other sessions', async () => {
  const carl = await stack.register('carl');
  const second = await stack.login('carl', PASSWORD);
  const closes: string[] = [];
  stack.socket(second.token, { onClose: (code) => closes.push(`second:${code}`) });
  stack.socket(carl.token, { onClose: (code) => closes.push(`first:${code}`) });
  await sleep(300);
  const changed = await stack.gql('mutation { changePassword(oldPassword: "correct horse 1", newPassword: "a new horse 22") }', {}, carl.token);
  expect(changed.data).toEqual({ changePassword: true });
  await until(() => closes.length > 0);
  await sleep(200);
  expect(closes).toEqual(['second:4403']);
});

test('typing reaches other members and stops by itself when not refreshed', async () => {
  const direct = (await stack.gql('mutation { openDirect(username: "ben") { id } }', {}, ana.token)).data!.openDirect.id;
  const changes = collect<{ typing: boolean; user: { username: string } }>(
    stack.socket(ben.token),
    'subscription($c: ID!) { typingChanged(conversationId: $c) { typing user { username } } }',
    { c: direct },
    (d) => d.typingChanged,
  );
  const typing = collect<{ username: string }>(stack.socket(ben.token), 'subscription($c: ID!) { typing(conversationId: $c) { username } }', { c: direct }, (d) => d.typing);
  await sleep(200);
  const set = await stack.gql('mutation($c: ID!) { setTyping(conversationId: $c) }', { c: direct }, ana.token);
  expect(set.data).toEqual({ setTyping: true });
  await typing.waitFor(1);
  expect(typing.items).toEqual([{ username: 'ana' }]);
  // TYPING_TTL_MS is 400 in these tests.
  await changes.waitFor(2, 3_000);
  expect(changes.items).toEqual([
    { typing: true, user: { username: 'ana' } },
    { typing: false, user: { username: 'ana' } },
  ]);
  const carl = await stack.login('carl', 'a new horse 22');
  const outsider = await stack.gql('mutation($c: ID!) { setTyping(conversationId: $c) }', { c: direct }, carl.token);
  expect(outsider.errors?.[0].extensions?.code).toMatch(/^(FORBIDDEN|NOT_FOUND)$/);
});

test('conversationChanged tells a user they were added to a group', async () => {
  const changes = collect<{ title: string; members: unknown[] }>(stack.socket(ben.token), 'subscription { conversationChanged { id title members { user { username } } } }', {}, (d) => d.conversationChanged);
  await sleep(200);
  await stack.gql('mutation { createGroup(title: "news", usernames: ["ben"]) { id } }', {}, ana.token);
  await until(() => changes.items.some((c) => c.title === 'news'));
});

test('conversationChanged: a new member reaches every member, each with their own unread count', async () => {
  await stack.register('dana');
  const { data } = await stack.gql('mutation { createGroup(title: "trio", usernames: ["ben"]) { id } }', {}, ana.token);
  const group = data!.createGroup.id;
  for (const body of ['one', 'two']) {
    await stack.gql('mutation($c: ID!, $b: String!) { sendMessage(conversationId: $c, body: $b) { seq } }', { c: group, b: body }, ana.token);
  }
  type Changed = { id: string; unreadCount: number; members: { user: { username: string } }[] };
  const query = 'subscription { conversationChanged { id unreadCount members { user { username } } } }';
  const anaSees = collect<Changed>(stack.socket(ana.token), query, {}, (d) => d.conversationChanged);
  const benSees = collect<Changed>(stack.socket(ben.token), query, {}, (d) => d.conversationChanged);
  await sleep(300);
  await stack.gql('mutation($c: ID!) { addMember(conversationId: $c, username: "dana") { id } }', { c: group }, ana.token);
  const withDana = (c: Changed) => c.id === group && c.members.some((m) => m.user.username === 'dana');
  await until(() => anaSees.items.some(withDana) && benSees.items.some(withDana));
  expect(anaSees.items.find(withDana)!.unreadCount).toBe(0);
  expect(benSees.items.find(withDana)!.unreadCount).toBe(2);
  expect(benSees.items.find(withDana)!.members.map((m) => m.user.username).sort()).toEqual(['ana', 'ben', 'dana']);
});

test('a gateway that dies (SIGKILL) takes its users offline once their leases expire', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'src', 'main.ts')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: '0',
      USERS_GRPC_ADDR: stack.usersGrpcAddr,
      MESSAGES_GRPC_ADDR: stack.messagesGrpcAddr,
      LEASE_TTL_SECONDS: '1',
      LEASE_RENEW_MS: '300',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  stack.leftovers.push(async () => child.kill('SIGKILL'));
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"port":(\d+).*"msg":"gateway listening"/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`gateway exited early (${code}): ${output}`)));
  });
  const dora = await stack.register('dora');
  const watcher = collect<Presence>(stack.socket(ana.token), PRESENCE, {}, (d) => d.presenceChanged);
  await sleep(300);
  const doomed = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { token: dora.token }, lazy: false, retryAttempts: 0, onNonLazyError: () => undefined });
  stack.leftovers.push(async () => doomed.dispose());
  await until(() => watcher.items.some((p) => p.username === 'dora' && p.status === 'ONLINE'));
  child.kill('SIGKILL');
  await until(() => watcher.items.some((p) => p.username === 'dora' && p.status === 'OFFLINE'), 6_000);
}, 30_000);

test('a document that does not parse or validate is an error message with its code; the socket stays usable', async () => {
  const socket = stack.socket(ana.token);
  const broken = collect(socket, 'subscription { presenceChanged { username ');
  await until(() => broken.errors.length > 0);
  expect(broken.errors[0]).toMatchObject({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  const unknown = collect(socket, 'subscription { noSuchField }');
  await until(() => unknown.errors.length > 0);
  expect(unknown.errors[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  const me = collect<{ username: string }>(socket, '{ me { username } }', {}, (d) => d.me);
  expect(await me.waitFor(1)).toEqual([{ username: 'ana' }]);
});
