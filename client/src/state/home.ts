import { HomeDocument, type HomeQuery } from '../api/generated';
import { isOperator } from './conversations';
import { dismissMotd, motdToShow } from './motd';
import type { KeyValueStorage, Request } from './ports';
import { patch, type ChatStore } from './store';
import type { Conversation, User } from './types';

export type HomeData = HomeQuery;

/** The gateway's page size cap; further pages load in the background. */
export const USERS_PAGE = 100;

/** The first screen's data in one request: the sign-in fetches it before the chat starts. */
export function fetchHome(request: Request): Promise<HomeData> {
  return request(HomeDocument, { usersFirst: USERS_PAGE });
}

export interface HomeDeps {
  store: ChatStore;
  request: Request;
  storage: KeyValueStorage;
  refreshSupportQueue(): Promise<void>;
}

/** The first screen (conversations, people, rooms, the message of the day), and the same again after a reconnect. */
export class Home {
  constructor(private readonly deps: HomeDeps) {}

  apply(home: HomeData): void {
    const { store, storage } = this.deps;
    const conversations: Record<string, Conversation> = {};
    for (const c of home.conversations) conversations[c.id] = c;
    const users: Record<string, User> = { ...store.get().users };
    for (const e of home.users.edges) users[e.node.id] = e.node;
    if (home.me) users[home.me.id] = home.me;
    const motd = motdToShow(home.motd, storage) ?? store.get().motd;
    const rooms = home.rooms.filter((r) => !conversations[r.id]);
    patch(store, { conversations, users, rooms, me: home.me ?? store.get().me, motd });
  }

  /** Whatever changed while the link was down: conversations, unread counts, presence, the queue. */
  async refresh(): Promise<void> {
    const home = await fetchHome(this.deps.request);
    this.apply({ ...home, motd: null });
    if (isOperator(this.deps.store.get().me)) await this.deps.refreshSupportQueue();
  }

  dismissMotd(): void {
    dismissMotd(this.deps.store, this.deps.storage);
  }
}
