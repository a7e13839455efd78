import type { Client } from 'graphql-ws';
import { graphql, RequestError } from '../api/graphql';
import * as op from '../api/operations';
import { openSocket, reconnectDelay, type LinkState, type Socket } from '../api/socket';
import { newClientId, Outbox } from './outbox';
import { createStore, type Store } from './store';
import { contiguousEnd, EMPTY_TIMELINE, hasHole, lastSeq, mergeIntoTimeline, type Timeline } from './timeline';
import type { Conversation, Message, PendingMessage, User } from './types';

export interface TypingUser {
  id: string;
  username: string;
  until: number;
}

export interface ChatState {
  me: User;
  link: LinkState;
  conversations: Record<string, Conversation>;
  users: Record<string, User>;
  timelines: Record<string, Timeline>;
  pending: readonly PendingMessage[];
  typing: Record<string, TypingUser[]>;
  activeId: string | null;
  motd: string | null;
  /** Operators only: support conversations waiting for an answer. */
  supportQueue: Conversation[];
  /** Rooms one may join (the general room and others). */
  rooms: Conversation[];
}

interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const PAGE_SIZE = 40;
const TYPING_SHOWN_MS = 5_000;
const TYPING_SENT_EVERY_MS = 2_500;

export const isOperator = (user: User) => user.role === 'OPERATOR' || user.role === 'ADMIN';

/**
 * One signed-in user's live chat: the data the views show, the socket that keeps it current,
 * and the actions the views call. Views never talk to the API directly.
 */
export class Chat {
  readonly state: Store<ChatState>;
  private socket: Socket | undefined;
  private readonly outbox: Outbox;
  private readonly stops: (() => void)[] = [];
  private typingStop: (() => void) | undefined;
  private lastTypingSent = 0;
  private flushing = false;
  private flushAgain = false;
  private flushRetry: ReturnType<typeof setTimeout> | undefined;
  private flushAttempt = 0;
  private readonly catchingUp = new Map<string, Promise<void>>();
  /** Per-conversation resumable streams for the conversations whose history is loaded. */
  private readonly followed = new Map<string, () => void>();
  private linkUp = false;
  private everConnected = false;
  /** Conversations left here: late events about them must not bring them back. */
  private readonly left = new Set<string>();
  private readonly socketStops: (() => void)[] = [];
  private socketRetry: ReturnType<typeof setTimeout> | undefined;
  /** Sockets given up on since the last good connection: each rebuild waits longer (a server failing every connect). */
  private rebuilds = 0;
  private readonly readSent = new Map<string, number>();
  private readonly deliveredSent = new Map<string, number>();
  private markDeliveredSupported = true;
  private stopped = false;
  private unauthorized = false;
  /** Unsent text per conversation, apart from `state` so a keystroke re-renders only the composer. */
  readonly drafts: Store<Record<string, string>> = createStore({});

  constructor(
    readonly token: string,
    me: User,
    private readonly onUnauthorized: () => void,
  ) {
    this.outbox = new Outbox(localStorage, `charla.outbox.${me.id}`);
    this.state = createStore<ChatState>({
      me,
      link: 'connecting',
      conversations: {},
      users: { [me.id]: me },
      timelines: {},
      pending: this.outbox.all(),
      typing: {},
      activeId: null,
      motd: null,
      supportQueue: [],
      rooms: [],
    });
  }

  /** Loads the first screen's data (already fetched by the sign-in when given) and goes live. */
  start(home: HomeData): void {
    this.applyHome(home);
    this.connectSocket();
    const onVisible = () => document.visibilityState === 'visible' && this.markActiveRead();
    document.addEventListener('visibilitychange', onVisible);
    const onOnline = () => this.flushOutbox();
    addEventListener('online', onOnline);
    const sweep = setInterval(() => this.sweepTyping(), 1_000);
    this.stops.push(
      () => document.removeEventListener('visibilitychange', onVisible),
      () => removeEventListener('online', onOnline),
      () => clearInterval(sweep),
    );
    if (isOperator(this.state.get().me)) void this.refreshSupportQueue();
    void this.loadMoreUsers(home.users.pageInfo);
  }

  /** Everyone registered, past the first page the home query brought. */
  private async loadMoreUsers(pageInfo: Connection<User>['pageInfo']): Promise<void> {
    let next = pageInfo;
    while (next.hasNextPage && next.endCursor && !this.stopped) {
      const { users } = await this.query<{ users: Connection<User> }>(op.USERS, { first: USERS_PAGE, after: next.endCursor });
      for (const e of users.edges) this.putUser(e.node);
      next = users.pageInfo;
    }
  }

  stop(): void {
    this.stopped = true;
    this.closeSocket();
    for (const stop of this.stops.splice(0)) stop();
    clearTimeout(this.flushRetry);
    clearTimeout(this.socketRetry);
  }

  /** The socket and every stream on it; built again from scratch if graphql-ws gives up. */
  private connectSocket(): void {
    const socket = openSocket(
      this.token,
      {
        state: (link) => this.patch({ link }),
        connected: () => void this.onConnected(),
        closed: () => this.unfollowAll(),
        unauthorized: () => this.sessionEnded(),
        failed: () => {
          this.closeSocket();
          this.patch({ link: 'offline' });
          this.socketRetry = setTimeout(() => !this.stopped && this.connectSocket(), reconnectDelay(2 + this.rebuilds++));
        },
      },
      this.everConnected,
    );
    this.socket = socket;
    const client = socket.client;
    this.socketStops.push(
      listen<{ messageAdded: Message }>(client, op.MESSAGE_ADDED, {}, (d) => this.receive([d.messageAdded], true)),
      listen<{ messageUpdated: Message }>(client, op.MESSAGE_UPDATED, {}, (d) => this.receive([d.messageUpdated], false)),
      // Names, roles and presence of everyone: a renamed user shows the new name everywhere.
      listen<{ userUpdated: User }>(client, op.USER_UPDATED, {}, (d) => this.putUser(d.userUpdated)),
      listen<{ conversationChanged: Conversation }>(client, op.CONVERSATION_CHANGED, {}, (d) => this.putConversation(d.conversationChanged)),
    );
    const activeId = this.state.get().activeId;
    if (activeId) this.watchTyping(activeId);
  }

  private closeSocket(): void {
    this.typingStop?.();
    this.typingStop = undefined;
    this.unfollowAll();
    for (const stop of this.socketStops.splice(0)) stop();
    this.socket?.close();
    this.socket = undefined;
  }

  // ---- conversations ------------------------------------------------------------------

  async open(conversationId: string | null): Promise<void> {
    this.patch({ activeId: conversationId });
    this.typingStop?.();
    this.typingStop = undefined;
    if (!conversationId) return;
    this.watchTyping(conversationId);
    if (!this.state.get().timelines[conversationId]) await this.loadOlder(conversationId);
    this.follow(conversationId);
    this.markActiveRead();
  }

  private watchTyping(conversationId: string): void {
    if (!this.socket) return;
    this.typingStop = listen<{ typingChanged: { typing: boolean; user: Pick<User, 'id' | 'username'> | null } }>(
      this.socket.client,
      op.TYPING_CHANGED,
      { conversationId },
      ({ typingChanged: { typing, user } }) => {
        if (!user) return;
        if (typing) this.someoneTyping(conversationId, user);
        else this.someoneStoppedTyping(conversationId, user.id);
      },
    );
  }

  /** The page before the oldest message held (or the latest page): infinite scroll upwards. */
  async loadOlder(conversationId: string): Promise<void> {
    const timeline = this.state.get().timelines[conversationId] ?? EMPTY_TIMELINE;
    if (!timeline.hasOlder) return;
    const oldest = timeline.messages[0];
    const page = await this.query<{ messages: Connection<Message> }>(op.MESSAGES, {
      conversationId,
      first: PAGE_SIZE,
      before: oldest ? String(oldest.seq) : undefined,
    });
    const nodes = page.messages.edges.map((e) => e.node);
    this.setTimeline(conversationId, (t) => mergeIntoTimeline(t, nodes, { hasMore: page.messages.pageInfo.hasPreviousPage && nodes.length > 0 }));
    this.acknowledgeDelivery(conversationId, nodes);
  }

  async openDirect(username: string): Promise<string> {
    const { openDirect } = await this.mutate<{ openDirect: Conversation }>(op.OPEN_DIRECT, { username });
    this.putConversation(openDirect);
    await this.open(openDirect.id);
    return openDirect.id;
  }

  async createGroup(title: string, usernames: string[]): Promise<string> {
    const { createGroup } = await this.mutate<{ createGroup: Conversation }>(op.CREATE_GROUP, { title, usernames });
    this.putConversation(createGroup);
    await this.open(createGroup.id);
    return createGroup.id;
  }

  async addMember(conversationId: string, username: string): Promise<void> {
    const { addMember } = await this.mutate<{ addMember: Conversation }>(op.ADD_MEMBER, { conversationId, username });
    this.putConversation(addMember);
  }

  async leave(conversationId: string): Promise<void> {
    await this.mutate(op.LEAVE, { conversationId });
    this.left.add(conversationId);
    this.dropConversation(conversationId);
    void this.refreshRooms();
  }

  async openSupport(): Promise<void> {
    const { openSupport } = await this.mutate<{ openSupport: Conversation }>(op.OPEN_SUPPORT);
    this.putConversation(openSupport);
    await this.open(openSupport.id);
  }

  async joinRoom(conversationId: string): Promise<void> {
    const { joinRoom } = await this.mutate<{ joinRoom: Conversation }>(op.JOIN_ROOM, { conversationId });
    this.left.delete(conversationId);
    this.putConversation(joinRoom);
    this.patch({ rooms: this.state.get().rooms.filter((r) => r.id !== conversationId) });
    await this.open(joinRoom.id);
  }

  async createRoom(title: string): Promise<string> {
    const { createRoom } = await this.mutate<{ createRoom: Conversation }>(op.CREATE_ROOM, { title });
    this.left.delete(createRoom.id);
    this.putConversation(createRoom);
    await this.open(createRoom.id);
    return createRoom.id;
  }

  async refreshSupportQueue(): Promise<void> {
    try {
      const { supportQueue } = await this.query<{ supportQueue: Conversation[] }>(op.SUPPORT_QUEUE);
      this.patch({ supportQueue });
    } catch (error) {
      if (!isMissingField(error)) throw error;
    }
  }

  /** Rooms not yet joined; tolerated missing while the gateway does not list rooms. */
  async refreshRooms(): Promise<void> {
    try {
      const { rooms } = await this.query<{ rooms: Conversation[] }>(op.ROOMS);
      const joined = this.state.get().conversations;
      this.patch({ rooms: rooms.filter((r) => !joined[r.id]) });
    } catch (error) {
      if (!isMissingField(error)) console.warn('rooms', error);
    }
  }

  // ---- messages -----------------------------------------------------------------------

  /** Queues a message under a fresh clientId; it shows as pending until the server stores it. */
  send(conversationId: string, body: string): void {
    const text = body.replace(/\s+$/, '');
    if (!text.trim()) return;
    this.outbox.add({ clientId: newClientId((n) => crypto.getRandomValues(new Uint8Array(n))), conversationId, body: text, createdAt: new Date().toISOString() });
    this.patch({ pending: this.outbox.all() });
    this.flushOutbox();
  }

  retry(clientId: string): void {
    this.outbox.revive(clientId);
    this.patch({ pending: this.outbox.all() });
    this.flushOutbox();
  }

  discard(clientId: string): void {
    this.outbox.settle(clientId);
    this.patch({ pending: this.outbox.all() });
  }

  /** A refused message goes back into its composer, to be fixed and sent again. */
  editUnsent(clientId: string): void {
    const message = this.state.get().pending.find((p) => p.clientId === clientId);
    if (!message) return;
    const draft = this.drafts.get()[message.conversationId]?.trim();
    this.setDraft(message.conversationId, draft ? `${message.body}\n${draft}` : message.body);
    this.discard(clientId);
  }

  setDraft(conversationId: string, text: string): void {
    const { [conversationId]: _old, ...rest } = this.drafts.get();
    this.drafts.set(text ? { ...rest, [conversationId]: text } : rest);
  }

  /** On a chosen sign-out: what was not sent is not left behind in this browser. */
  forgetUnsent(): void {
    for (const p of this.outbox.all()) this.outbox.settle(p.clientId);
  }

  async edit(id: string, body: string): Promise<void> {
    const { editMessage } = await this.mutate<{ editMessage: Message }>(op.EDIT_MESSAGE, { id, body });
    this.receive([editMessage], false);
  }

  async remove(id: string): Promise<void> {
    const { deleteMessage } = await this.mutate<{ deleteMessage: Message }>(op.DELETE_MESSAGE, { id });
    this.receive([deleteMessage], false);
  }

  /** Tells the others we are typing, at most every few seconds. */
  typingNow(conversationId: string): void {
    const now = Date.now();
    if (now - this.lastTypingSent < TYPING_SENT_EVERY_MS || this.state.get().link !== 'online') return;
    this.lastTypingSent = now;
    this.mutate(op.SET_TYPING, { conversationId }).catch(() => undefined);
  }

  markActiveRead(): void {
    const { activeId, timelines, conversations } = this.state.get();
    if (!activeId || document.visibilityState !== 'visible') return;
    const seq = lastSeq(timelines[activeId] ?? EMPTY_TIMELINE);
    const conversation = conversations[activeId];
    if (seq === 0 || (this.readSent.get(activeId) ?? 0) >= seq) {
      if (conversation?.unreadCount) this.putConversation({ ...conversation, unreadCount: 0 });
      return;
    }
    this.readSent.set(activeId, seq);
    if (conversation) this.putConversation({ ...conversation, unreadCount: 0 });
    this.mutate<{ markRead: Conversation }>(op.MARK_READ, { conversationId: activeId, seq })
      .then(({ markRead }) => this.putConversation(markRead))
      .catch(() => this.readSent.delete(activeId));
  }

  // ---- profile ------------------------------------------------------------------------

  async setStatus(status: User['status']): Promise<void> {
    const { setStatus } = await this.mutate<{ setStatus: User }>(op.SET_STATUS, { status });
    this.putUser(setStatus);
  }

  async updateProfile(input: { firstName: string; lastName: string; email: string }): Promise<void> {
    const { updateProfile } = await this.mutate<{ updateProfile: User }>(op.UPDATE_PROFILE, { input });
    this.putUser(updateProfile);
  }

  async changePassword(oldPassword: string, newPassword: string): Promise<void> {
    await this.mutate(op.CHANGE_PASSWORD, { oldPassword, newPassword });
  }

  /** Ends this token's session on the server; an already ended one is just as good. */
  async logout(): Promise<void> {
    await graphql(op.LOGOUT, {}, this.token).catch(() => undefined);
  }

  dismissMotd(): void {
    const { motd } = this.state.get();
    if (motd) localStorage.setItem('charla.motdSeen', motd);
    this.patch({ motd: null });
  }

  // ---- live updates -------------------------------------------------------------------

  private async onConnected(): Promise<void> {
    const again = this.everConnected;
    this.everConnected = true;
    this.rebuilds = 0;
    this.linkUp = true;
    // Each loaded conversation resumes after its last seq: the gateway replays what we missed.
    for (const id of Object.keys(this.state.get().timelines)) this.follow(id);
    this.flushOutbox();
    if (!again) return;
    // Whatever else changed while we were away: conversations, unread counts, presence.
    try {
      const home = await this.query<HomeData>(op.HOME, { usersFirst: USERS_PAGE });
      this.applyHome({ ...home, motd: null });
      if (isOperator(this.state.get().me)) await this.refreshSupportQueue();
      this.markActiveRead();
    } catch (error) {
      console.warn('refresh after reconnect failed', error);
    }
  }

  /** Streams one conversation from the last seq held; replays and live pushes merge by seq. */
  private follow(conversationId: string): void {
    if (!this.socket || !this.linkUp || this.followed.has(conversationId) || !this.state.get().timelines[conversationId]) return;
    // Resume from the last seq with nothing missing before it, so a hole is replayed too.
    const after = contiguousEnd(this.state.get().timelines[conversationId]!);
    this.followed.set(
      conversationId,
      listen<{ messageAdded: Message }>(this.socket.client, op.MESSAGE_ADDED, { conversationId, after }, (d) => this.receive([d.messageAdded], true)),
    );
  }

  /**
   * graphql-ws would resubscribe with the `after` it was first given; dropping the streams when
   * the socket closes lets the next connection resume from the seq held by then.
   */
  private unfollowAll(): void {
    this.linkUp = false;
    for (const stop of this.followed.values()) stop();
    this.followed.clear();
  }

  /** Messages from a push, a replay or a mutation's answer; `added` ones count as unread. */
  private receive(messages: Message[], added: boolean): void {
    const { me, activeId } = this.state.get();
    for (const message of messages) {
      const id = message.conversationId;
      if (message.clientId && this.outbox.settle(message.clientId)) this.patch({ pending: this.outbox.all() });
      const conversation = this.state.get().conversations[id];
      const timeline = this.state.get().timelines[id];
      if (timeline) {
        this.setTimeline(id, (t) => mergeIntoTimeline(t, [message]));
        if (hasHole(this.state.get().timelines[id]!)) void this.catchUp(id);
      }
      if (!conversation) {
        // A conversation we were just added to: fetch it whole.
        void this.refreshConversations();
        continue;
      }
      const isNewer = !conversation.lastMessage || conversation.lastMessage.seq <= message.seq;
      const fromOther = message.author?.id !== me.id;
      const unseen = added && fromOther && (id !== activeId || document.visibilityState !== 'visible') && (!conversation.lastMessage || conversation.lastMessage.seq < message.seq);
      if (isNewer || unseen) {
        this.putConversation({
          ...conversation,
          lastMessage: isNewer ? message : conversation.lastMessage,
          unreadCount: conversation.unreadCount + (unseen ? 1 : 0),
        });
      }
      if (added && fromOther) this.acknowledgeDelivery(id, [message]);
      if (added && fromOther) this.someoneStoppedTyping(id, message.author?.id);
    }
    if (added && activeId && messages.some((m) => m.conversationId === activeId)) this.markActiveRead();
  }

  /**
   * Fills a hole from history, page by page from the last seq with nothing missing before it; one
   * run per conversation at a time. A failure leaves the hole for the next message or resume.
   */
  private catchUp(conversationId: string): Promise<void> {
    const running = this.catchingUp.get(conversationId);
    const holed = () => !this.stopped && hasHole(this.state.get().timelines[conversationId] ?? EMPTY_TIMELINE);
    if (running) return running.then(() => (holed() ? this.catchUp(conversationId) : undefined));
    const run = (async () => {
      for (;;) {
        const after = contiguousEnd(this.state.get().timelines[conversationId] ?? EMPTY_TIMELINE);
        const page = await this.query<{ messages: Connection<Message> }>(op.MESSAGES, { conversationId, first: PAGE_SIZE, after: String(after) });
        const nodes = page.messages.edges.map((e) => e.node);
        this.setTimeline(conversationId, (t) => mergeIntoTimeline(t, nodes));
        this.acknowledgeDelivery(conversationId, nodes);
        if (!page.messages.pageInfo.hasNextPage || nodes.length === 0) return;
      }
    })()
      .catch((error: unknown) => console.warn('filling missed messages failed', error))
      .finally(() => this.catchingUp.delete(conversationId));
    this.catchingUp.set(conversationId, run);
    return run;
  }

  /** Tells the authors their messages reached this device (the ✓✓ tick). */
  private acknowledgeDelivery(conversationId: string, messages: readonly Message[]): void {
    if (!this.markDeliveredSupported) return;
    const me = this.state.get().me.id;
    const seq = Math.max(0, ...messages.filter((m) => m.author?.id !== me && m.status === 'SENT').map((m) => m.seq));
    if (seq === 0 || (this.deliveredSent.get(conversationId) ?? 0) >= seq) return;
    this.deliveredSent.set(conversationId, seq);
    this.mutate(op.MARK_DELIVERED, { conversationId, seq }).catch((error: unknown) => {
      if (isMissingField(error)) this.markDeliveredSupported = false;
      else this.deliveredSent.delete(conversationId);
    });
  }

  /** Sends the outbox in order; a network failure pauses it until the link is back or a backoff passes. */
  private flushOutbox(): void {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = true;
    clearTimeout(this.flushRetry);
    void (async () => {
      try {
        do {
          this.flushAgain = false;
          for (const pending of this.outbox.retryable()) {
            if (this.stopped) return;
            try {
              const { sendMessage } = await this.mutate<{ sendMessage: Message }>(op.SEND_MESSAGE, {
                conversationId: pending.conversationId,
                body: pending.body,
                clientId: pending.clientId,
              });
              this.flushAttempt = 0;
              this.outbox.settle(pending.clientId);
              this.patch({ pending: this.outbox.all() });
              this.receive([sendMessage], false);
              this.bumpLastMessage(sendMessage);
            } catch (error) {
              // Lost network, rate limit, a service restarting: the same message, in order, a little later.
              if (error instanceof RequestError && error.transient) {
                const wait = error.code === 'TOO_MANY_REQUESTS' ? Math.max(1_000, reconnectDelay(this.flushAttempt++)) : reconnectDelay(this.flushAttempt++);
                this.flushRetry = setTimeout(() => this.flushOutbox(), wait);
                return;
              }
              if (error instanceof RequestError && error.code === 'UNAUTHENTICATED') return;
              this.outbox.refuse(pending.clientId, refusal(error));
              this.patch({ pending: this.outbox.all() });
            }
          }
        } while (this.flushAgain);
      } finally {
        this.flushing = false;
      }
    })();
  }

  private bumpLastMessage(message: Message): void {
    const conversation = this.state.get().conversations[message.conversationId];
    if (conversation && (!conversation.lastMessage || conversation.lastMessage.seq <= message.seq)) {
      this.putConversation({ ...conversation, lastMessage: message });
    }
  }

  private someoneTyping(conversationId: string, user: Pick<User, 'id' | 'username'>): void {
    if (user.id === this.state.get().me.id) return;
    const typing = this.state.get().typing;
    const others = (typing[conversationId] ?? []).filter((t) => t.id !== user.id);
    this.patch({ typing: { ...typing, [conversationId]: [...others, { id: user.id, username: user.username, until: Date.now() + TYPING_SHOWN_MS }] } });
  }

  private someoneStoppedTyping(conversationId: string, userId: string | undefined): void {
    const typing = this.state.get().typing;
    const list = typing[conversationId];
    if (!list || !userId || !list.some((t) => t.id === userId)) return;
    this.patch({ typing: { ...typing, [conversationId]: list.filter((t) => t.id !== userId) } });
  }

  private sweepTyping(): void {
    const now = Date.now();
    const typing = this.state.get().typing;
    let changed = false;
    const next: Record<string, TypingUser[]> = {};
    for (const [id, list] of Object.entries(typing)) {
      const alive = list.filter((t) => t.until > now);
      if (alive.length !== list.length) changed = true;
      if (alive.length) next[id] = alive;
    }
    if (changed) this.patch({ typing: next });
  }

  // ---- state plumbing -----------------------------------------------------------------

  private applyHome(home: HomeData): void {
    const conversations: Record<string, Conversation> = {};
    for (const c of home.conversations) conversations[c.id] = c;
    const users: Record<string, User> = { ...this.state.get().users };
    for (const e of home.users.edges) users[e.node.id] = e.node;
    if (home.me) users[home.me.id] = home.me;
    const seen = localStorage.getItem('charla.motdSeen');
    const motd = home.motd && home.motd !== seen ? home.motd : this.state.get().motd;
    const rooms = home.rooms.filter((r) => !conversations[r.id]);
    this.patch({ conversations, users, rooms, me: home.me ?? this.state.get().me, motd });
  }

  private async refreshConversations(): Promise<void> {
    const { conversations } = await this.query<{ conversations: Conversation[] }>(op.CONVERSATIONS);
    const byId: Record<string, Conversation> = {};
    for (const c of conversations) {
      byId[c.id] = c;
      this.left.delete(c.id); // added back since: the server's list is the truth
    }
    this.patch({ conversations: byId });
  }

  private putConversation(conversation: Conversation): void {
    const { me, conversations, activeId, supportQueue } = this.state.get();
    // A conversation I left may still send one last change, seen from outside (no me among members).
    const stillMember = conversation.members.some((m) => m.user?.id === me.id) || (conversation.kind === 'ROOM' && conversation.members.length === 0);
    if (this.left.has(conversation.id) || (!stillMember && conversation.kind !== 'SUPPORT')) {
      this.dropConversation(conversation.id);
      return;
    }
    // The open conversation is being read: the server's count lags our markRead by a round trip.
    const unreadCount = conversation.id === activeId && document.visibilityState === 'visible' ? 0 : conversation.unreadCount;
    const queue = supportQueue.some((c) => c.id === conversation.id) ? supportQueue.map((c) => (c.id === conversation.id ? conversation : c)) : supportQueue;
    this.patch({ conversations: { ...conversations, [conversation.id]: { ...conversation, unreadCount } }, supportQueue: queue });
  }

  private dropConversation(id: string): void {
    const { conversations, timelines, activeId } = this.state.get();
    const { [id]: _gone, ...rest } = conversations;
    const { [id]: _timeline, ...otherTimelines } = timelines;
    this.followed.get(id)?.();
    this.followed.delete(id);
    this.patch({ conversations: rest, timelines: otherTimelines, activeId: activeId === id ? null : activeId });
  }

  private putUser(user: User): void {
    const { users, me } = this.state.get();
    const merged = { ...users[user.id], ...user };
    this.patch({ users: { ...users, [user.id]: merged }, me: user.id === me.id ? { ...me, ...user } : me });
  }

  private setTimeline(conversationId: string, change: (t: Timeline) => Timeline): void {
    const timelines = this.state.get().timelines;
    this.patch({ timelines: { ...timelines, [conversationId]: change(timelines[conversationId] ?? EMPTY_TIMELINE) } });
  }

  private patch(change: Partial<ChatState>): void {
    this.state.update((s) => ({ ...s, ...change }));
  }

  private query<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    return this.guard(graphql<T>(query, variables, this.token));
  }

  private mutate<T = unknown>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    return this.guard(graphql<T>(query, variables, this.token));
  }

  private async guard<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (error) {
      if (error instanceof RequestError && error.code === 'UNAUTHENTICATED') this.sessionEnded();
      throw error;
    }
  }

  /** The server no longer takes this token (logout or password change elsewhere): once, then quiet. */
  private sessionEnded(): void {
    if (this.stopped || this.unauthorized) return;
    this.unauthorized = true;
    this.onUnauthorized();
  }
}

/** The gateway's page size cap; further pages load in the background. */
export const USERS_PAGE = 100;

export interface HomeData {
  me: User | null;
  conversations: Conversation[];
  users: Connection<User>;
  rooms: Conversation[];
  motd: string | null;
}

/** Why the server refused a message, in words for the person who wrote it. */
function refusal(error: unknown): { error: string; retryable: boolean } {
  if (!(error instanceof RequestError)) return { error: 'Not sent.', retryable: true };
  switch (error.code) {
    case 'BAD_USER_INPUT':
      return { error: `Not sent: ${bodyProblem(error) ?? error.message}`, retryable: false };
    case 'FORBIDDEN':
    case 'NOT_FOUND':
      return { error: 'Not sent: you are no longer in this conversation.', retryable: true };
    default:
      return { error: `Not sent: ${error.message}`, retryable: true };
  }
}

/** "the message must be at most 4000 characters." from the body's field violation. */
function bodyProblem(error: RequestError): string | undefined {
  const violation = error.errors[0]?.extensions?.fieldViolations?.find((v) => v.field === 'body');
  return violation && `the message ${violation.description.replace(/\.$/, '')}.`;
}

/** The schema does not have this field (an older gateway): the feature is simply absent. */
function isMissingField(error: unknown): boolean {
  return error instanceof RequestError && (error.code === 'GRAPHQL_VALIDATION_FAILED' || /Cannot query field/.test(error.message));
}

/** Subscribes and keeps subscribed across reconnects (graphql-ws re-subscribes on its own). */
function listen<T>(client: Client, query: string, variables: Record<string, unknown>, next: (data: T) => void): () => void {
  return client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.data) next(result.data as T);
      },
      error: (error) => console.warn('subscription ended', error),
      complete: () => undefined,
    },
  );
}

export async function fetchHome(token: string): Promise<HomeData> {
  return graphql<HomeData>(op.HOME, { usersFirst: USERS_PAGE }, token);
}
