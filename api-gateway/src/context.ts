import type { Logger } from '@charla/platform';
import type { MessagesClient } from './clients/messages';
import type { UsersClient } from './clients/users';
import type { GatewayConfig } from './config';
import type { TokenCheck } from './auth/tokens';
import type { Membership } from './auth/membership';
import type { SessionSockets } from './auth/sessions';
import type { Viewer } from './auth/viewer';
import type { UserDirectory } from './directory';
import type { MessagesAudience } from './subscriptions/audience';
import type { PresenceAudience } from './presence/audience';
import type { TypingBoard } from './subscriptions/typing';
import type { RateLimits } from './guards/rate-limit';
import type { DeliveryReceipts } from './subscriptions/receipts';

/** The long-lived parts of one gateway process, shared by every request and socket. */
export interface Gateway {
  config: GatewayConfig;
  log: Logger;
  users: UsersClient;
  messages: MessagesClient;
  tokens: TokenCheck;
  membership: Membership;
  sessions: SessionSockets;
  directory: UserDirectory;
  audience: MessagesAudience;
  presence: PresenceAudience;
  typing: TypingBoard;
  limits: RateLimits;
  receipts: DeliveryReceipts;
}

/** What every resolver receives: the gateway, and who is asking (if anyone). */
export interface RequestContext {
  gateway: Gateway;
  viewer: Viewer | undefined;
  /** The client's address, for login rate limits. */
  ip: string;
}
