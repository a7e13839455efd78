import { ConversationChangedDocument, LiveMessageAddedDocument, LogoutDocument, MessageUpdatedDocument, UserUpdatedDocument } from '../api/generated';
import { RequestError } from '../api/graphql';
import { Conversations, isOperator } from './conversations';
import { History } from './history';
import { Home, type HomeData } from './home';
import { Live } from './live';
import { Notifier } from './notifications';
import { followMotd } from './motd';
import { People } from './people';
import { Pins } from './pins';
import { Reactions, withMyReactions, type LiveMessage } from './reactions';
import { Replies } from './replies';
import { ConversationSettings, type Preferences } from './settings';
import type { Ports, Request } from './ports';
import { Receipts } from './receipts';
import { Search } from './search';
import { createStore } from './store';
import { Uploads, type Attachment } from './uploads';
import { Sending } from './sending';
import { createChatStore, patch, putUser, type ChatStore } from './store';
import { Typing } from './typing';
import type { Me, Message, UserStatus } from './types';

/** The gateway's default limit (MAX_FILE_BYTES): larger files are refused here, before uploading. */
const MAX_FILE_BYTES = 25 * 1024 * 1024;

/**
 * One signed-in user's live chat: the store the views show and the actions they call. Views
 * never talk to the API directly. Each concern is a part of its own; this only wires them
 * together and says what opening a conversation means.
 */
export class Chat {
  readonly state: ChatStore;
  private readonly conversations: Conversations;
  private readonly receipts: Receipts;
  private readonly live: Live;
  private readonly typing: Typing;
  private readonly history: History;
  private readonly sending: Sending;
  private readonly home: Home;
  private readonly people: People;
  private readonly settings: ConversationSettings;
  /** My reactions, and the emoji I used last. */
  readonly reactions: Reactions;
  /** What each composer is replying to. */
  readonly replies = new Replies();
  readonly pins: Pins;
  /** Browser notifications and the tab's title. */
  readonly notifier: Notifier;
  /** Files being attached to the next message, per conversation. */
  readonly uploads: Uploads;
  readonly search: Search;
  /** The message a search result opened: the conversation scrolls to it and marks it for a moment. */
  readonly jump = createStore<{ conversationId: string; seq: number } | null>(null);
  private readonly stops: (() => void)[] = [];
  private stopped = false;
  private unauthorized = false;

  constructor(
    /** Tells one session from the next (the views start afresh for a new one). */
    readonly token: string,
    me: Me,
    private readonly ports: Ports,
    private readonly onUnauthorized: () => void,
  ) {
    const store = (this.state = createChatStore(me));
    const { page, clock, report, storage } = ports;
    const request: Request = (document, variables) =>
      ports.request(document, variables).catch((error: unknown) => {
        if (error instanceof RequestError && error.code === 'UNAUTHENTICATED') this.sessionEnded();
        throw error;
      });
    this.conversations = new Conversations({ store, request, page, report, dropped: (id) => this.live.unfollow(id) });
    this.receipts = new Receipts({ store, request, page, put: (c) => this.conversations.put(c) });
    this.live = new Live({
      store,
      openSocket: ports.openSocket,
      clock,
      added: (message) => this.history.receive([message], true),
      connected: (again) => this.connected(again),
      unauthorized: () => this.sessionEnded(),
    });
    this.typing = new Typing({ store, request, subscribe: this.live.subscribe, clock, report });
    this.history = new History({
      store,
      request,
      page,
      report,
      settled: (clientId) => this.sending.settled(clientId),
      delivered: (id, messages) => this.receipts.delivered(id, messages),
      markActiveRead: () => this.receipts.markActiveRead(),
      typingStopped: (id, userId) => this.typing.stopped(id, userId),
      conversations: this.conversations,
    });
    this.sending = new Sending({
      store,
      request,
      storage,
      clock,
      randomBytes: ports.randomBytes,
      received: (m) => this.history.receive([m], false),
      takeReply: (conversationId) => this.replies.take(conversationId)?.id,
    });
    this.home = new Home({ store, request, storage, refreshSupportQueue: () => this.conversations.refreshSupportQueue() });
    this.people = new People({ store, request });
    this.settings = new ConversationSettings({ request, put: (c) => this.conversations.put(c) });
    this.reactions = new Reactions({ request, storage, received: (m) => this.updated(m) });
    this.pins = new Pins({ request, received: (m) => this.updated(m) });
    this.notifier = new Notifier({ store, port: ports.notifications, storage, page, request, open: (id) => void this.open(id) });
    this.uploads = new Uploads({
      upload: ports.uploadFile,
      maxFileBytes: MAX_FILE_BYTES,
      newId: () => Array.from(ports.randomBytes(8), (b) => b.toString(16).padStart(2, '0')).join(''),
      unauthorized: () => this.sessionEnded(),
    });
    this.search = new Search({ request, clock });
  }

  /** Unsent text per conversation (its own store: a keystroke re-renders only the composer). */
  get drafts() {
    return this.sending.drafts;
  }

  /** Shows the first screen's data (fetched by the sign-in) and goes live. */
  start(home: HomeData): void {
    const { page, report, storage } = this.ports;
    this.home.apply(home);
    this.live.subscribe(LiveMessageAddedDocument, {}, (d) => {
      const message = this.withMine(d.messageAdded);
      this.history.receive([message], true);
      this.notifier.consider(message);
    });
    this.live.subscribe(MessageUpdatedDocument, {}, (d) => this.updated(this.withMine(d.messageUpdated)));
    // Names, roles and presence of everyone: a renamed user shows the new name everywhere.
    this.live.subscribe(UserUpdatedDocument, {}, (d) => putUser(this.state, d.userUpdated));
    this.live.subscribe(ConversationChangedDocument, {}, (d) => this.conversations.put(d.conversationChanged));
    followMotd(this.live.subscribe, this.state, storage);
    this.live.start();
    this.stops.push(
      page.onVisible(() => this.receipts.markActiveRead()),
      page.onOnline(() => this.sending.flush()),
    );
    if (isOperator(this.state.get().me)) this.conversations.refreshSupportQueue().catch((error: unknown) => report('loading the support queue failed', error));
    this.people.loadEveryone(home.users.pageInfo).catch((error: unknown) => report('loading everyone failed', error));
  }

  stop(): void {
    this.stopped = true;
    this.notifier.stop();
    this.live.stop();
    this.typing.stop();
    this.sending.stop();
    this.history.stop();
    this.people.stop();
    for (const stop of this.stops.splice(0)) stop();
  }

  /** Shows a conversation (null: none): its history, its live stream, who types in it; it counts as read. */
  async open(conversationId: string | null): Promise<void> {
    patch(this.state, { activeId: conversationId });
    this.typing.watch(conversationId);
    if (!conversationId) return;
    if (!this.state.get().timelines[conversationId]) await this.history.loadOlder(conversationId);
    this.live.follow(conversationId);
    this.receipts.markActiveRead();
  }

  loadOlder = (conversationId: string) => this.history.loadOlder(conversationId);

  /** Opens a conversation at one message (a search result): the page around it, then live. */
  async openAt(conversationId: string, seq: number): Promise<void> {
    patch(this.state, { activeId: conversationId });
    this.jump.set({ conversationId, seq });
    await this.history.loadAround(conversationId, seq);
    await this.open(conversationId);
  }
  openDirect = async (username: string) => this.opened(await this.conversations.openDirect(username));
  createGroup = async (title: string, usernames: string[]) => this.opened(await this.conversations.createGroup(title, usernames));
  openSupport = async () => this.opened(await this.conversations.openSupport());
  joinRoom = async (conversationId: string) => this.opened(await this.conversations.joinRoom(conversationId));
  createRoom = async (title: string) => this.opened(await this.conversations.createRoom(title));
  addMember = (conversationId: string, username: string) => this.conversations.addMember(conversationId, username);
  leave = (conversationId: string) => this.conversations.leave(conversationId);
  refreshSupportQueue = () => this.conversations.refreshSupportQueue();
  refreshRooms = () => this.conversations.refreshRooms();

  send = (conversationId: string, body: string, attachments: readonly Attachment[] = []) => this.sending.send(conversationId, body, attachments);
  retry = (clientId: string) => this.sending.retry(clientId);
  discard = (clientId: string) => this.sending.discard(clientId);
  editUnsent = (clientId: string) => this.sending.editUnsent(clientId);
  setDraft = (conversationId: string, text: string) => this.sending.setDraft(conversationId, text);
  forgetUnsent = () => this.sending.forgetUnsent();
  edit = (id: string, body: string) => this.sending.edit(id, body);
  remove = (id: string) => this.sending.remove(id);
  typingNow = (conversationId: string) => this.typing.typingNow(conversationId);

  react = (message: Message, emoji: string) => this.reactions.toggle(message, emoji);
  pin = (message: Message) => this.pins.pin(message);
  unpin = (message: Message) => this.pins.unpin(message);
  loadPins = (conversationId: string) => this.pins.load(conversationId);
  updateConversation = (conversationId: string, changes: { title?: string; topic?: string }) => this.settings.update(conversationId, changes);
  setPreferences = (conversationId: string, preferences: Preferences) => this.settings.setPreferences(conversationId, preferences);

  /** Shows a message of the open conversation (a reply's original, a pinned one), loading its part of history if it is not held. */
  async jumpTo(conversationId: string, seq: number): Promise<void> {
    const held = this.state.get().timelines[conversationId]?.messages.some((m) => m.seq === seq);
    if (held) this.jump.set({ conversationId, seq });
    else await this.openAt(conversationId, seq);
  }

  setStatus = (status: UserStatus) => this.people.setStatus(status);
  updateProfile = (input: { firstName: string; lastName: string; email: string }) => this.people.updateProfile(input);
  changePassword = (oldPassword: string, newPassword: string) => this.people.changePassword(oldPassword, newPassword);
  dismissMotd = () => this.home.dismissMotd();

  /** Ends this token's session on the server; one already ended is just as good. */
  async logout(): Promise<void> {
    await this.ports.request(LogoutDocument, {}).catch((error: unknown) => {
      if (!(error instanceof RequestError && error.code === 'UNAUTHENTICATED')) this.ports.report('signing out on the server failed', error);
    });
  }

  /** A message from a stream everyone shares, with whether I reacted as this client knows it. */
  private withMine(message: LiveMessage): Message {
    const known = this.state.get().timelines[message.conversationId]?.messages.find((m) => m.seq === message.seq);
    return withMyReactions(message, known);
  }

  /** A message changed (edited, deleted, a receipt, a reaction, a pin): wherever it shows. */
  private updated(message: Message): void {
    this.history.receive([message], false);
    this.pins.receive(message);
  }

  private async opened(conversationId: string): Promise<string> {
    await this.open(conversationId);
    return conversationId;
  }

  private connected(again: boolean): void {
    this.sending.flush();
    if (again) void this.refresh();
  }

  /** Whatever changed while the link was down; the open conversation is read again. */
  private async refresh(): Promise<void> {
    try {
      await this.home.refresh();
      this.receipts.markActiveRead();
    } catch (error) {
      this.ports.report('refresh after reconnect failed', error);
    }
  }

  /** The server no longer takes this token (logout or password change elsewhere): once, then quiet. */
  private sessionEnded(): void {
    if (this.stopped || this.unauthorized) return;
    this.unauthorized = true;
    this.onUnauthorized();
  }
}
