import { ChatError, ErrorCode, SERVICE_CHANNEL_OPTIONS, fromServiceError, unauthenticated, type Logger } from '@charla/platform';
import {
  UserEventType,
  UserRole,
  UsersServiceClient,
  type UserEvent,
} from '@charla/proto/users';
import { credentials, Metadata, type CallOptions, type ServiceError } from '@grpc/grpc-js';
import type { Caller } from '../domain/types';

/** What the messages domain needs to know about users; users-service owns the answers. */
export interface UserDirectory {
  /** The user a token belongs to; UNAUTHENTICATED for a bad or expired one. */
  authenticate(token: string): Promise<Caller>;
  /** The id of a username; NOT_FOUND when nobody has it. */
  userIdByUsername(username: string, caller: Caller): Promise<number>;
  /** Whether a user with this id exists. */
  userExists(userId: number, caller: Caller): Promise<boolean>;
}

export interface UsersClientOptions {
  address: string;
  serviceToken: string;
  log: Logger;
  /** Per call; an unreachable users-service fails the call instead of hanging it. */
  deadlineMs?: number;
  /** How long a token check is trusted. */
  cacheMs?: number;
  cacheSize?: number;
}

interface CachedCaller {
  caller: Caller;
  sessionId: string;
  until: number;
}

/** Unary call as a promise, failures as ChatErrors (users-service's own codes and details kept). */
function unary<Req, Res>(
  call: (req: Req, md: Metadata, opts: Partial<CallOptions>, cb: (e: ServiceError | null, r: Res) => void) => unknown,
  request: Req,
  metadata: Metadata,
  deadlineMs: number,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    call(request, metadata, { deadline: Date.now() + deadlineMs }, (error, response) => {
      if (!error) return resolve(response);
      const chat = fromServiceError(error);
      // Slow or gone, the caller should retry later: never a hang, never a 500.
      reject(
        chat.code === ErrorCode.DeadlineExceeded || chat.code === ErrorCode.Unavailable
          ? new ChatError(ErrorCode.Unavailable, 'users-service is unavailable', { reason: 'USERS_UNAVAILABLE', cause: error })
          : chat,
      );
    });
  });
}

/** The one long-lived channel to users-service. */
export class UsersClient implements UserDirectory {
  readonly grpc: UsersServiceClient;
  private readonly serviceToken: string;
  private readonly deadlineMs: number;
  private readonly cacheMs: number;
  private readonly cacheSize: number;
  private readonly cache = new Map<string, CachedCaller>();

  constructor(options: UsersClientOptions) {
    this.grpc = new UsersServiceClient(options.address, credentials.createInsecure(), SERVICE_CHANNEL_OPTIONS);
    this.serviceToken = options.serviceToken;
    this.deadlineMs = options.deadlineMs ?? 3_000;
    this.cacheMs = options.cacheMs ?? 10_000;
    this.cacheSize = options.cacheSize ?? 10_000;
  }

  async authenticate(token: string): Promise<Caller> {
    const now = Date.now();
    const hit = this.cache.get(token);
    if (hit && hit.until > now) return hit.caller;
    this.cache.delete(token);
    const response = await unary(this.grpc.authenticate.bind(this.grpc), { token }, new Metadata(), this.deadlineMs);
    const user = response.user;
    if (!user) throw unauthenticated();
    const caller: Caller = {
      userId: user.id,
      username: user.username,
      isStaff: user.role === UserRole.USER_ROLE_OPERATOR || user.role === UserRole.USER_ROLE_ADMIN,
      token,
    };
    // Trust the answer briefly, never past the token's own expiry.
    const until = Math.min(now + this.cacheMs, response.expiresAt?.getTime() ?? Infinity);
    if (this.cache.size >= this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(token, { caller, sessionId: response.sessionId, until });
    return caller;
  }

  /** Drops cached token checks that users-service says no longer hold (logout, role change). */
  forget(which: { sessionIds?: string[]; userId?: number }): void {
    const sessions = new Set(which.sessionIds ?? []);
    for (const [token, entry] of this.cache) {
      if (sessions.has(entry.sessionId) || entry.caller.userId === which.userId) this.cache.delete(token);
    }
  }

  async userIdByUsername(username: string, caller: Caller): Promise<number> {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${caller.token}`);
    const response = await unary(this.grpc.getUser.bind(this.grpc), { id: 0, username }, metadata, this.deadlineMs);
    if (!response.user) throw new ChatError(ErrorCode.NotFound, 'user not found', { reason: 'USER_NOT_FOUND' });
    return response.user.id;
  }

  async userExists(userId: number, caller: Caller): Promise<boolean> {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${caller.token}`);
    try {
      const response = await unary(this.grpc.getUser.bind(this.grpc), { id: userId, username: '' }, metadata, this.deadlineMs);
      return response.user !== undefined;
    } catch (error) {
      if (error instanceof ChatError && error.code === ErrorCode.NotFound) return false;
      throw error;
    }
  }

  /** users-service's event stream after `after` (service credential); ends with an error to retry on. */
  watchUserEvents(after: number, signal: AbortSignal, onEvent: (event: UserEvent) => Promise<void>): Promise<void> {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${this.serviceToken}`);
    const stream = this.grpc.watchEvents({ after, fromNow: false }, metadata);
    const onAbort = () => stream.cancel();
    signal.addEventListener('abort', onAbort);
    return (async () => {
      try {
        for await (const response of stream as AsyncIterable<{ event?: UserEvent }>) {
          const event = response.event;
          if (event) await onEvent(event);
        }
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    })();
  }

  close(): void {
    this.grpc.close();
  }
}

export { UserEventType };
