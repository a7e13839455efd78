import type { ChatStore } from '../store/store';
import { SendBatches } from './batches';
import { Callers } from './callers';
import { Conversations } from './conversations';
import { Feed } from './feed';
import { Mentions } from './mentions';
import { Files, type FilesPorts } from './files';
import { MessageSearch } from './message-search';
import { Messages } from './messages';
import { Pins } from './pins';
import { Reactions } from './reactions';
import { Settings } from './settings';
import type { UserDirectory } from './types';

/**
 * The messages service's use cases, shared by every door (gRPC, REST): transports find out
 * who calls (callers), call the use cases with plain values, and map the results.
 */
export class Chat {
  readonly callers: Callers;
  readonly conversations: Conversations;
  readonly messages: Messages;
  readonly sendBatches: SendBatches;
  readonly reactions: Reactions;
  readonly pins: Pins;
  readonly settings: Settings;
  readonly feed: Feed;
  readonly files: Files;
  readonly search: MessageSearch;

  constructor(store: ChatStore, users: UserDirectory, serviceToken: string, files: FilesPorts) {
    this.conversations = new Conversations(store, users);
    this.callers = new Callers(users, (userId) => this.conversations.joinGeneral(userId), serviceToken);
    this.messages = new Messages(store, new Mentions(store, users));
    this.sendBatches = new SendBatches(this.callers, this.messages);
    this.reactions = new Reactions(store);
    this.pins = new Pins(store);
    this.settings = new Settings(store);
    this.feed = new Feed(store);
    this.files = new Files(store, files);
    this.search = new MessageSearch(store);
    this.messages.filesRemoved = () => this.files.sweepSoon();
  }
}
