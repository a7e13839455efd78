/**
 * The statements (round trips to MariaDB) messages-service makes for one send and for a batch
 * of sends, as the hot path makes them: users-service and messages-service in this process on
 * fresh MariaDB databases, `members` users in the general room, each send over real gRPC
 * (`SendMessage` with the author's token, `SendMessages` with the service credential as a
 * gateway sends a round's batch), every send with a clientId.
 *
 *   npx tsx bench/statements.ts [--members=100] [--batches=1,10,50] [--show=yes]
 *
 * Every query mysql2 sends on a connection to messages-service's database is a round trip
 * (BEGIN and COMMIT included), and each statement in it is counted; `--show=yes` prints them.
 */
import { metadataFor, unaryCall, type UnaryMethod } from '@charla/platform';
import { ListConversationsRequest, MessagesServiceClient, SendMessageRequest } from '@charla/proto/messages';
import { UsersServiceClient } from '@charla/proto/users';
import { startStack } from '@charla/stack';
import { credentials } from '@grpc/grpc-js';
import { options } from './lib/options';

import { Connection as MysqlConnection } from 'mysql2';

const SERVICE_TOKEN = 'bench-service-token';
const { count, text } = options();
const config = {
  members: count('members', 100),
  batches: text('batches', '1,10,50').split(',').map((size) => Number(size)),
  show: text('show', 'no') === 'yes',
};

let recording: string | undefined;
const seen: string[] = [];
// mysql2's connections send every statement through query() (Kysely) or execute(); both are counted.
const connection = MysqlConnection.prototype as unknown as Record<'query' | 'execute', (...args: unknown[]) => unknown>;
for (const method of ['query', 'execute'] as const) {
  const original = connection[method];
  connection[method] = function (this: { config: { database?: string } }, ...args: unknown[]) {
    if (recording !== undefined && this.config.database === recording) {
      const first = args[0] as string | { sql: string };
      seen.push(typeof first === 'string' ? first : first.sql);
    }
    return original.apply(this, args);
  };
}

const call = <Req, Res>(client: object, method: UnaryMethod<Req, Res>, request: Req, token: string): Promise<Res> =>
  unaryCall(method.bind(client), request, metadataFor({ token }, SERVICE_TOKEN), 30_000);

/** What kind of statement it is, for the summary. */
const verb = (statement: string) => statement.trim().split(/\s/)[0].toLowerCase();

async function main(): Promise<void> {
  const stack = await startStack({ label: 'bench_statements', store: 'mysql', serviceToken: SERVICE_TOKEN, gateway: false });
  try {
    const users = new UsersServiceClient(stack.users.grpcAddr, credentials.createInsecure());
    const messages = new MessagesServiceClient(stack.messages.grpcAddr, credentials.createInsecure());
    stack.leftovers.push(async () => users.close(), async () => messages.close());
    const tokens: string[] = [];
    for (let i = 0; i < config.members; i += 1) {
      const username = `member${i}`;
      const registered = await call(users, users.register, { username, password: 'correct horse battery', firstName: username, lastName: 'Bench', email: '' }, '');
      tokens.push(registered.token);
    }
    const { conversations } = await call(messages, messages.listConversations, ListConversationsRequest.fromPartial({ pageSize: 10 }), tokens[0]);
    const general = conversations[0].id;
    // New users join general through the registration feed: wait for the last one.
    for (let tries = 0; ; tries += 1) {
      const { conversations: mine } = await call(messages, messages.listConversations, ListConversationsRequest.fromPartial({ pageSize: 10 }), tokens.at(-1)!);
      if (mine.length > 0 || tries > 100) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    let sent = 0;
    const request = (i: number) => SendMessageRequest.fromPartial({ conversationId: general, body: `message ${sent + i}`, clientId: `statements-${sent + i}` });
    const batch = async (size: number) => {
      const sends = Array.from({ length: size }, (_, i) => ({ token: tokens[(sent + i) % tokens.length], request: request(i) }));
      if (size === 1) await call(messages, messages.sendMessage, sends[0].request, sends[0].token);
      else await call(messages, messages.sendMessages, { sends }, SERVICE_TOKEN);
      sent += size;
    };
    // Warm: token checks cached, every sender's markers at a steady state.
    for (let i = 0; i < 3; i += 1) await batch(config.members);
    const database = new URL(stack.messages.database.url!).pathname.slice(1);
    for (const size of config.batches) {
      seen.length = 0;
      recording = database;
      await batch(size);
      recording = undefined;
      // A query of several statements (multipleStatements) is one round trip; store/together.ts joins them with ";\n".
      const statements = seen.flatMap((query) => query.split(';\n')).map((statement) => statement.replace(/\s+/g, ' ').trim());
      const verbs = new Map<string, number>();
      for (const statement of statements) verbs.set(verb(statement), (verbs.get(verb(statement)) ?? 0) + 1);
      const kinds = [...verbs].map(([name, n]) => `${n} ${name}`).join(', ');
      const what = size === 1 ? 'SendMessage, one send' : `SendMessages of ${size} senders`;
      console.log(`${what} into one room of ${config.members}: ${seen.length} round trips, ${statements.length} statements (${kinds})`);
      const shown = (statement: string) => (statement.length > 110 ? `${statement.slice(0, 110)}…` : statement);
      if (config.show) for (const query of seen) console.log(`    ${query.split(';\n').map((s) => shown(s.replace(/\s+/g, ' ').trim())).join(';\n      ')}`);
    }
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
