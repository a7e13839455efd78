import type { Logger, PubSub } from '@charla/platform';
import type { MessagesEvent } from '@charla/proto/messages';
import type { UserEvent } from '@charla/proto/users';
import type { Membership } from '../auth/membership';
import type { SessionSockets } from '../auth/sessions';
import type { TokenCheck } from '../auth/tokens';
import type { MessagesClient } from '../clients/messages';
import type { UsersClient } from '../clients/users';
import type { UserDirectory } from '../directory';
import type { MessageOfTheDay } from '../motd';
import { MessagesAudience, PresenceAudience } from './audience';
import { MemberStates } from './member-states';
import { DeliveryReceipts } from './receipts';
import { routeMessagesEvents, routeUserEvents } from './route';
import { LiveStreams } from './streams';
import { TypingBoard } from './typing';
import { ServiceWatch } from './watch';

export interface LivePathParts {
  users: Pick<UsersClient, 'watchEvents'>;
  messages: Pick<MessagesClient, 'watchEvents' | 'getConversation' | 'listMessages' | 'recordDeliveries' | 'batchGetMemberStates'>;
  tokens: TokenCheck;
  sessions: SessionSockets;
  directory: UserDirectory;
  membership: Membership;
  /** Carries typing signals to every gateway of the deployment; its owner closes it. */
  pubsub: PubSub;
  typingTtlMs: number;
  watchRetryMs: number;
  /** Hears MOTD_CHANGED, which names no audience. */
  motd: Pick<MessageOfTheDay, 'changed'>;
  log: Logger;
}

/**
 * Everything live on one gateway, in the order an event travels: one watch per service →
 * routing by the event's audience → the subscription streams → (the socket's) frames.
 * Typing signals join it from pub/sub, and deliveries leave it as batched receipts.
 */
export class LivePath {
  readonly audience = new MessagesAudience();
  readonly people = new PresenceAudience();
  readonly typing: TypingBoard;
  readonly receipts: DeliveryReceipts;
  readonly streams: LiveStreams;
  private readonly userEvents: ServiceWatch<UserEvent>;
  private readonly messageEvents: ServiceWatch<MessagesEvent>;

  constructor({ users, messages, tokens, sessions, directory, membership, pubsub, typingTtlMs, watchRetryMs, motd, log }: LivePathParts) {
    this.typing = new TypingBoard(pubsub, typingTtlMs, log);
    this.receipts = new DeliveryReceipts(messages, log);
    const memberStates = new MemberStates(messages);
    this.streams = new LiveStreams({ audience: this.audience, people: this.people, typing: this.typing, receipts: this.receipts, messages, membership, directory, memberStates, log });
    this.userEvents = new ServiceWatch({
      name: 'users',
      open: (after) => users.watchEvents(after),
      onEvent: routeUserEvents({ tokens, sessions, directory, people: this.people }),
      retryMs: watchRetryMs,
      log,
    });
    this.messageEvents = new ServiceWatch({
      name: 'messages',
      open: (after) => messages.watchEvents(after),
      onEvent: routeMessagesEvents(this.audience, motd),
      retryMs: watchRetryMs,
      log,
    });
  }

  /** Opens both event streams "from now". */
  start(): void {
    this.userEvents.start();
    this.messageEvents.start();
  }

  /** True while both event streams are live: from then on no event is missed. */
  get connected(): boolean {
    return this.userEvents.connected && this.messageEvents.connected;
  }

  /** Closes the event streams and typing, and records the deliveries still gathered. */
  async stop(): Promise<void> {
    this.userEvents.stop();
    this.messageEvents.stop();
    this.typing.close();
    await this.receipts.flush();
  }
}
