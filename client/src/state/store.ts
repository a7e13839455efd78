import type { LinkState } from './ports';
import { EMPTY_TIMELINE, type Timeline } from './timeline';
import type { Conversation, Me, PendingMessage, TypingUser, User } from './types';

/** A value that views watch: the smallest observable, free of any framework. */
export interface Store<T> {
  get(): T;
  set(next: T): void;
  update(change: (current: T) => T): void;
  subscribe(listener: (value: T) => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  const set = (next: T) => {
    if (Object.is(next, value)) return;
    value = next;
    for (const listener of [...listeners]) listener(value);
  };
  return {
    get: () => value,
    set,
    update: (change) => set(change(value)),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Everything one signed-in user's chat shows: the one store the chat's parts read and change. */
export interface ChatState {
  me: Me;
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

export type ChatStore = Store<ChatState>;

export function createChatStore(me: Me): ChatStore {
  return createStore<ChatState>({
    me,
    link: 'connecting',
    conversations: {},
    users: { [me.id]: me },
    timelines: {},
    pending: [],
    typing: {},
    activeId: null,
    motd: null,
    supportQueue: [],
    rooms: [],
  });
}

export function patch(store: ChatStore, change: Partial<ChatState>): void {
  store.update((s) => ({ ...s, ...change }));
}

export function setTimeline(store: ChatStore, conversationId: string, change: (t: Timeline) => Timeline): void {
  const timelines = store.get().timelines;
  patch(store, { timelines: { ...timelines, [conversationId]: change(timelines[conversationId] ?? EMPTY_TIMELINE) } });
}

/** A user's fresh record, everywhere it shows (my own included). */
export function putUser(store: ChatStore, user: User): void {
  const { users, me } = store.get();
  patch(store, { users: { ...users, [user.id]: { ...users[user.id], ...user } }, me: user.id === me.id ? { ...me, ...user } : me });
}
