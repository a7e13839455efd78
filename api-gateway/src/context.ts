import type { MessagesClient } from './clients/messages';
import type { UsersClient } from './clients/users';
import type { GatewayConfig } from './config';
import type { TokenCheck } from './auth/tokens';
import type { Membership } from './auth/membership';
import type { Viewer } from './auth/viewer';
import type { UserDirectory } from './directory';
import type { MessageOfTheDay } from './motd';
import type { RateLimits } from './guards/rate-limit';
import type { LiveStreams } from './live/streams';
import type { TypingBoard } from './live/typing';
import type { FileUrls } from './files/signing';

/** What resolvers use of the gateway: the services, the caches in front of them, limits, the live streams. */
export interface Gateway {
  config: GatewayConfig;
  users: UsersClient;
  messages: MessagesClient;
  tokens: TokenCheck;
  membership: Membership;
  directory: UserDirectory;
  limits: RateLimits;
  typing: Pick<TypingBoard, 'signal'>;
  live: LiveStreams;
  /** Signs the URLs of attachments. */
  fileUrls: FileUrls;
  motd: MessageOfTheDay;
}

/** What every resolver receives: the gateway, and who is asking (if anyone). */
export interface RequestContext {
  gateway: Gateway;
  viewer: Viewer | undefined;
  /** The client's address, for login rate limits. */
  ip: string;
  /** A socket operation's request id (an HTTP request's is in its async context). */
  requestId?: string;
}
