import { UpdateProfileDocument } from '../api/generated';
import { plainText } from './markdown';
import type { KeyValueStorage, Page, Request } from './ports';
import { createStore, putUser, type ChatStore, type Store } from './store';
import { conversationTitle, displayName } from './text';
import type { Conversation, Me, Message } from './types';

export type NotificationLevel = 'ALL' | 'MENTIONS' | 'NONE';
export type Permission = 'default' | 'granted' | 'denied' | 'unsupported';

/** The browser's notifications, as the chat needs them (browser.ts wraps window.Notification). */
export interface NotificationPort {
  permission(): Permission;
  /** Asks the person; browsers allow it only during a gesture (a click), which is the only place this is called from. */
  request(): Promise<Permission>;
  show(notification: { title: string; body: string; tag: string }, onClick: () => void): void;
}

const SWITCH_KEY = 'charla.notifications';
const BODY_MAX = 140;

/** Whether the server found me among the message's mentions (usernames compare ignoring case). */
export function mentionsMe(message: Pick<Message, 'mentions'>, username: string): boolean {
  const mine = username.toLowerCase();
  return message.mentions.some((user) => user.username.toLowerCase() === mine);
}

/**
 * Whether a message that arrived while the tab is hidden is worth a notification, by my level:
 * ALL, every message; MENTIONS, those that mention me and direct messages (my support
 * conversation's too); NONE, nothing. Never my own, never a system line, never in a muted
 * conversation.
 */
export function shouldNotify(message: Message, conversation: Conversation | undefined, me: Pick<Me, 'id' | 'username'>, level: NotificationLevel): boolean {
  if (!conversation || conversation.muted || message.author?.id === me.id || message.kind === 'SYSTEM' || message.deletedAt) return false;
  switch (level) {
    case 'ALL':
      return true;
    case 'MENTIONS':
      return (
        mentionsMe(message, me.username) ||
        conversation.kind === 'DIRECT' ||
        (conversation.kind === 'SUPPORT' && conversation.members.some((m) => m.user?.id === me.id))
      );
    case 'NONE':
      return false;
    default: {
      const never: never = level;
      return Boolean(never);
    }
  }
}

/** The tab's count: unread messages of the conversations I have not muted. */
export function unreadTotal(conversations: Record<string, Conversation>): number {
  return Object.values(conversations).reduce((total, c) => total + (c.muted ? 0 : c.unreadCount), 0);
}

export const tabTitle = (unread: number) => (unread > 0 ? `(${unread}) Charla` : 'Charla');

export interface NotifierDeps {
  store: ChatStore;
  port: NotificationPort;
  storage: KeyValueStorage;
  page: Pick<Page, 'visible' | 'focus' | 'setTitle'>;
  request: Request;
  /** Opens a conversation (a notification was clicked). */
  open(conversationId: string): void;
}

export interface NotifierState {
  permission: Permission;
  /** My switch in this browser (notifications also need the browser's permission). */
  enabled: boolean;
}

/**
 * Browser notifications while the tab is hidden, and the unread count in its title. They are
 * on once I turn them on (the browser asks for its permission then, on my click) until I turn
 * them off; what they show is plain text, never the rendered Markdown.
 */
export class Notifier {
  readonly state: Store<NotifierState>;
  private readonly stopTitle: () => void;

  constructor(private readonly deps: NotifierDeps) {
    this.state = createStore({ permission: deps.port.permission(), enabled: deps.storage.getItem(SWITCH_KEY) === 'on' });
    let shown = '';
    const title = () => {
      const next = tabTitle(unreadTotal(deps.store.get().conversations));
      if (next !== shown) deps.page.setTitle((shown = next));
    };
    title();
    this.stopTitle = deps.store.subscribe(title);
  }

  /** Called from a click: asks the browser if it has not been asked, and turns them on if it agrees. */
  async enable(): Promise<void> {
    const permission = this.deps.port.permission() === 'default' ? await this.deps.port.request() : this.deps.port.permission();
    const enabled = permission === 'granted';
    this.save(enabled ? 'on' : 'off');
    this.state.set({ permission, enabled });
  }

  disable(): void {
    this.save('off');
    this.state.set({ permission: this.deps.port.permission(), enabled: false });
  }

  /** Asked not to be asked again (the banner's "Not now"). */
  decline(): void {
    this.disable();
  }

  /** Whether the banner offering them should show: never decided, and the browser could. */
  get undecided(): boolean {
    return this.deps.storage.getItem(SWITCH_KEY) === null && this.deps.port.permission() === 'default';
  }

  /** A new message from the live stream: a notification if the tab is hidden and my level and mutes allow. */
  consider(message: Message): void {
    const { store, port, page } = this.deps;
    if (!this.state.get().enabled || port.permission() !== 'granted' || page.visible()) return;
    const { me, conversations, users } = store.get();
    const conversation = conversations[message.conversationId];
    if (!shouldNotify(message, conversation, me, me.notificationLevel ?? 'ALL') || !conversation) return;
    const author = message.author ? displayName(message.author) : 'Someone';
    const where = conversation.kind === 'DIRECT' ? '' : ` in ${conversationTitle(conversation, me.id, false, users)}`;
    const text = plainText(message.body);
    port.show({ title: `${author}${where}`, body: [...text].length > BODY_MAX ? `${[...text].slice(0, BODY_MAX - 1).join('')}…` : text, tag: `conversation-${conversation.id}` }, () => {
      page.focus();
      this.deps.open(conversation.id);
    });
  }

  /** My notification level, kept in my profile (it follows me to other browsers). */
  async setLevel(notificationLevel: NotificationLevel): Promise<void> {
    const { updateProfile } = await this.deps.request(UpdateProfileDocument, { input: { notificationLevel } });
    putUser(this.deps.store, updateProfile);
  }

  stop(): void {
    this.stopTitle();
  }

  private save(value: 'on' | 'off'): void {
    try {
      this.deps.storage.setItem(SWITCH_KEY, value);
    } catch {
      // Blocked storage: the switch holds for this visit only.
    }
  }
}
