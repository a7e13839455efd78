import type { ChatStore } from '../store/store';
import { Callers } from './callers';
import { Conversations } from './conversations';
import { Feed } from './feed';
import { Messages } from './messages';
import type { UserDirectory } from './types';

/**
 * The messages service's use cases, shared by every door (gRPC, REST): transports find out
 * who calls (callers), call the use cases with plain values, and map the results.
 */
export class Chat {
  readonly callers: Callers;
  readonly conversations: Conversations;
  readonly messages: Messages;
  readonly feed: Feed;

  constructor(store: ChatStore, users: UserDirectory, serviceToken: string) {
    this.conversations = new Conversations(store, users);
    this.callers = new Callers(users, (userId) => this.conversations.joinGeneral(userId), serviceToken);
    this.messages = new Messages(store);
    this.feed = new Feed(store);
  }
}
