// The support desk's rules against scripted services: what the real ones rarely do on demand
// (a lookup failing in the middle of a push, a support queue longer than one page).
import { ChatError, ErrorCode, createLogger } from '@charla/platform';
import { Conversation, ConversationKind, Message } from '@charla/proto/messages';
import { User, UserRole } from '@charla/proto/users';
import { SupportSession, type SupportDeskParts } from '../src/support/desk';
import type { RpcReply } from '../src/support/json-rpc';

const operator = User.fromPartial({ id: 1, username: 'operator', role: UserRole.USER_ROLE_OPERATOR });
const ana = User.fromPartial({ id: 2, username: 'ana' });
const ben = User.fromPartial({ id: 3, username: 'ben' });
const people = new Map([operator, ana, ben].map((user) => [user.id, user]));

function supportConversation(id: number, asker: User, body: string): Conversation {
  const lastMessage = Message.fromPartial({ id: 100 + id, conversationId: id, seq: 1, authorId: asker.id, body, createdAt: new Date() });
  return Conversation.fromPartial({ id, kind: ConversationKind.CONVERSATION_KIND_SUPPORT, supportUserId: asker.id, lastMessage });
}

type Calls = Record<string, (request: never) => Promise<unknown>>;

/** A desk whose services answer as scripted; `replaced` swaps in any of their calls. */
function scriptedDesk(signedIn: User, replaced: { messages?: Calls; directory?: Calls } = {}) {
  const frames: RpcReply[] = [];
  const closes: number[] = [];
  let onMessage: (conversationId: number, message: Message) => void = () => undefined;
  const log = createLogger('test', 'silent');
  const logged = jest.spyOn(log, 'error');
  const desk = {
    tokens: { authenticate: async () => ({ user: signedIn, token: 't', sessionId: 's' }) },
    messages: {
      openSupport: async () => ({ conversation: supportConversation(7, signedIn, '') }),
      listMessages: async () => ({ messages: [], nextPageToken: '' }),
      listSupportQueue: async () => ({ conversations: [], nextPageToken: '' }),
      getConversation: async () => ({ conversation: supportConversation(7, ana, '') }),
      ...replaced.messages,
    },
    users: { getUser: async () => ({ user: ana }) },
    directory: { get: async (id: number) => people.get(id) ?? null, ...replaced.directory },
    limits: { send: () => undefined },
    receipts: { delivered: () => undefined },
    log,
  } as unknown as SupportDeskParts;
  const session = new SupportSession(
    desk,
    { send: (frame) => frames.push(frame), close: (code) => closes.push(code) },
    {
      attach: (_viewer, listener) => {
        onMessage = listener;
        return () => undefined;
      },
    },
  );
  return {
    session,
    frames,
    closes,
    logged,
    push: (conversationId: number, message: Message) => onMessage(conversationId, message),
    /** Resolves once every frame and push so far has been handled. */
    settled: () => session.receive('{"method":"message.nothing","id":0}'),
  };
}

/** A call that fails as it does when its service is down. */
const down = (service: string) => async () => {
  throw new ChatError(ErrorCode.Unavailable, `${service} is down`);
};

const AUTH = JSON.stringify({ method: 'message.auth', params: ['t'], id: 1 });
const newMessage = (conversationId: number, author: User, isFromSupport: boolean) =>
  Message.fromPartial({ id: 500, conversationId, seq: 2, authorId: author.id, body: 'are you there?', isFromSupport, createdAt: new Date() });

test('an operator’s push whose conversation cannot be read closes the socket (1011) rather than go out without its user', async () => {
  const desk = scriptedDesk(operator, { messages: { getConversation: down('messages-service') } });
  await desk.session.receive(AUTH);
  expect(desk.frames).toEqual([{ error: null, result: { messages: null }, id: 1 }]);
  desk.push(7, newMessage(7, ana, false));
  await desk.settled();
  expect(desk.closes).toEqual([1011]);
  expect(desk.frames).toHaveLength(1);
  expect(desk.logged).toHaveBeenCalledTimes(1);
  // A closed session answers nothing more.
  await desk.session.receive(JSON.stringify({ method: 'message.send', params: ['hello'], id: 2 }));
  expect(desk.frames).toHaveLength(1);
});

test('a user’s push whose author cannot be looked up closes the socket (1011), and the failure reaches the log', async () => {
  const desk = scriptedDesk(ana, { directory: { get: down('users-service') } });
  await desk.session.receive(AUTH);
  desk.push(7, newMessage(7, operator, true));
  await desk.settled();
  expect(desk.closes).toEqual([1011]);
  expect(desk.frames.map((frame) => frame.id)).toEqual([1]);
  expect(desk.logged).toHaveBeenCalledTimes(1);
});

test('an operator’s message.auth lists the waiting conversations of every page of the queue', async () => {
  const pages: Record<string, { conversations: Conversation[]; nextPageToken: string }> = {
    '': { conversations: [supportConversation(7, ana, 'help, page one')], nextPageToken: 'second' },
    second: { conversations: [supportConversation(8, ben, 'help, page two')], nextPageToken: '' },
  };
  const desk = scriptedDesk(operator, { messages: { listSupportQueue: async (request: { pageToken?: string }) => pages[request.pageToken ?? ''] } });
  await desk.session.receive(AUTH);
  const [reply] = desk.frames as { result: { messages: { message_text: string; user_name: string }[] } }[];
  expect(reply.result.messages.map((m) => [m.message_text, m.user_name])).toEqual([
    ['help, page one', 'ana'],
    ['help, page two', 'ben'],
  ]);
});
