// Stand-ins for the browser around the chat (server, socket, clock, tab, storage), and fixtures.
import type { MessagesQuery, TypedDocumentString } from '../src/api/generated';
import { RequestError } from '../src/api/graphql';
import type { NotificationPort, Permission } from '../src/state/notifications';
import type { Clock, KeyValueStorage, LiveSocket, OpenSocket, Page, Ports, Request, SocketEvents, Subscribe } from '../src/state/ports';
import { createChatStore, type ChatStore } from '../src/state/store';
import type { Conversation, Me, Message, User } from '../src/state/types';

const operationOf = (document: { toString(): string }) => /(?:query|mutation|subscription)\s+(\w+)/.exec(document.toString())?.[1] ?? '?';

/** Lets every promise chain already under way run to its end. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The gateway as the test scripts it: one answer per operation, every request recorded. */
export class FakeServer {
  private readonly answers = new Map<string, (variables: never) => unknown>();
  private readonly log: { operation: string; variables: unknown }[] = [];

  answer<R, V>(document: TypedDocumentString<R, V>, answer: (variables: V) => R | Promise<R>): this {
    this.answers.set(operationOf(document), answer as (variables: never) => unknown);
    return this;
  }

  /** The variables of every request of this operation so far, oldest first. */
  sent<R, V>(document: TypedDocumentString<R, V>): V[] {
    const operation = operationOf(document);
    return this.log.filter((c) => c.operation === operation).map((c) => c.variables as V);
  }

  readonly request: Request = async <R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> => {
    const operation = operationOf(document);
    this.log.push({ operation, variables });
    const answer = this.answers.get(operation);
    if (!answer) throw new Error(`the fake server has no answer for ${operation}`);
    return (await answer(variables as never)) as R;
  };
}

export const networkDown = () => new RequestError('The server cannot be reached.', 'NETWORK', true);
export const refusedWith = (code: string, message: string, extensions: Record<string, unknown> = {}) =>
  new RequestError(message, code, false, undefined, [{ message, extensions: { code, ...extensions } }]);

interface Stream {
  operation: string;
  variables: Record<string, unknown>;
  next(data: unknown): void;
  stopped: boolean;
}

/** One socket the chat opened: the test connects it, drops it, and pushes events down it. */
export class FakeSocket implements LiveSocket {
  readonly streams: Stream[] = [];
  closed = false;

  constructor(
    readonly events: SocketEvents,
    readonly connectedBefore: boolean,
  ) {}

  readonly subscribe: Subscribe = (document, variables, next) => {
    const stream: Stream = { operation: operationOf(document), variables: variables as Record<string, unknown>, next: next as (data: unknown) => void, stopped: false };
    this.streams.push(stream);
    return () => void (stream.stopped = true);
  };

  close(): void {
    this.closed = true;
  }

  connect(): void {
    this.events.state('online');
    this.events.connected();
  }

  /** The link is lost; graphql-ws will reconnect this same socket (standing streams stay). */
  drop(): void {
    this.events.closed();
    this.events.state('offline');
  }

  /** Streams of this operation still open, with their variables. */
  open<R, V>(document: TypedDocumentString<R, V>): V[] {
    const operation = operationOf(document);
    return this.streams.filter((s) => !s.stopped && s.operation === operation).map((s) => s.variables as V);
  }

  /** Sends `data` down every open stream of the operation whose variables include `where`. */
  push<R, V>(document: TypedDocumentString<R, V>, data: R, where: Partial<V> = {}): void {
    const operation = operationOf(document);
    for (const s of this.streams) {
      const matches = Object.entries(where).every(([k, v]) => s.variables[k] === v);
      if (!s.stopped && s.operation === operation && matches) s.next(data);
    }
  }
}

export class FakeSockets {
  readonly opened: FakeSocket[] = [];
  readonly openSocket: OpenSocket = (events, connectedBefore) => {
    const socket = new FakeSocket(events, connectedBefore);
    this.opened.push(socket);
    return socket;
  };

  get current(): FakeSocket {
    const socket = this.opened.at(-1);
    if (!socket) throw new Error('no socket opened yet');
    return socket;
  }
}

interface Timer {
  at: number;
  run(): void;
  every?: number;
}

/** Time that moves only when the test says; timers run in order, promises settle in between. */
export class FakeClock implements Clock {
  private time = 1_700_000_000_000;
  private timers: Timer[] = [];

  now = () => this.time;

  after = (ms: number, run: () => void) => this.add({ at: this.time + ms, run });

  every = (ms: number, run: () => void) => this.add({ at: this.time + ms, run, every: ms });

  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.time = due.at;
      if (due.every) due.at += due.every;
      else this.timers = this.timers.filter((t) => t !== due);
      due.run();
    }
    this.time = end;
    await settle();
  }

  private add(timer: Timer): () => void {
    this.timers.push(timer);
    return () => void (this.timers = this.timers.filter((t) => t !== timer));
  }
}

/** The browser tab: in view unless hidden, and online events on demand. */
export class FakePage implements Page {
  shown = true;
  private readonly onShown = new Set<() => void>();
  private readonly onOnlines = new Set<() => void>();

  visible = () => this.shown;
  onVisible = (run: () => void) => this.listen(this.onShown, run);
  onOnline = (run: () => void) => this.listen(this.onOnlines, run);
  title = '';
  focused = 0;
  setTitle = (title: string) => void (this.title = title);
  focus = () => void this.focused++;

  hide(): void {
    this.shown = false;
  }

  show(): void {
    this.shown = true;
    for (const run of this.onShown) run();
  }

  online(): void {
    for (const run of this.onOnlines) run();
  }

  private listen(set: Set<() => void>, run: () => void): () => void {
    set.add(run);
    return () => void set.delete(run);
  }
}

/** The browser's notifications: a permission the test sets, and what was shown. */
export class FakeNotifications implements NotificationPort {
  granted: Permission = 'default';
  /** What the person answers when asked. */
  answer: Permission = 'granted';
  asked = 0;
  readonly shown: { title: string; body: string; tag: string; click(): void }[] = [];
  permission = () => this.granted;
  request = async () => {
    this.asked++;
    return (this.granted = this.answer);
  };
  show = (notification: { title: string; body: string; tag: string }, onClick: () => void) => void this.shown.push({ ...notification, click: onClick });
}

export class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

/** Everything a chat needs, fake; `reports` collects what went to the error boundary. */
export function fakePorts() {
  const server = new FakeServer();
  const sockets = new FakeSockets();
  const clock = new FakeClock();
  const page = new FakePage();
  const storage = new MemoryStorage();
  const notifications = new FakeNotifications();
  const reports: { what: string; error: unknown }[] = [];
  const ports: Ports = {
    request: server.request,
    openSocket: sockets.openSocket,
    storage,
    clock,
    page,
    randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
    notifications,
    uploadFile: () => ({ done: new Promise(() => undefined), cancel: () => undefined }),
    report: (what, error) => reports.push({ what, error }),
  };
  return { ports, server, sockets, clock, page, storage, reports, notifications };
}

// ---- fixtures -------------------------------------------------------------------------

export const ANA: Me = { id: 'u1', username: 'ana', firstName: 'Ana', lastName: 'Ruiz', status: 'ONLINE', lastSeenAt: null, role: 'USER', email: 'ana@example.org', notificationLevel: 'ALL' };
export const LUIS: User = { id: 'u2', username: 'luis', firstName: 'Luis', lastName: 'Paz', status: 'ONLINE', lastSeenAt: null, role: 'USER' };

const author = (user: User) => ({ id: user.id, username: user.username, firstName: user.firstName, lastName: user.lastName });

export function message(seq: number, extra: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    body: `message ${seq}`,
    author: author(ANA),
    status: 'SENT',
    clientId: null,
    createdAt: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
    editedAt: null,
    deletedAt: null,
    isFromSupport: false,
    attachments: [],
    kind: 'TEXT',
    systemChange: null,
    replyTo: null,
    reactions: [],
    mentions: [],
    pinnedAt: null,
    ...extra,
  };
}

/** A message from Luis to Ana. */
export const fromLuis = (seq: number, extra: Partial<Message> = {}) => message(seq, { author: author(LUIS), ...extra });

export function conversation(id: string, extra: Partial<Conversation> = {}): Conversation {
  const members = [ANA, LUIS].map((u) => ({ user: { id: u.id, username: u.username, firstName: u.firstName, lastName: u.lastName, status: u.status }, role: 'MEMBER' as const, lastDeliveredSeq: 0, lastReadSeq: 0 }));
  return {
    id,
    kind: 'GROUP',
    title: `group ${id}`,
    members,
    lastMessage: null,
    unreadCount: 0,
    lastSeq: 0,
    supportUser: null,
    topic: null,
    mentionCount: 0,
    muted: false,
    favourite: false,
    archived: false,
    ...extra,
  };
}

/** A page of history as the Messages query answers it. */
export function messagesPage(messages: Message[], pageInfo: { hasNextPage?: boolean; hasPreviousPage?: boolean } = {}): MessagesQuery {
  return {
    messages: {
      edges: messages.map((node) => ({ cursor: String(node.seq), node })),
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null, ...pageInfo },
    },
  };
}

/** A chat store for Ana with these conversations in it. */
export function storeWith(...conversations: Conversation[]): ChatStore {
  const store = createChatStore(ANA);
  store.update((s) => ({ ...s, conversations: Object.fromEntries(conversations.map((c) => [c.id, c])) }));
  return store;
}
