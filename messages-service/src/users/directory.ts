import { TrustedAnswers, TurnBatch, SERVICE_CHANNEL_OPTIONS, eventsOf, type WatchResponse, isOperatorRole, metadataFor, notFound, rpc, unauthenticated, ErrorCode, isChatError, type Logger, type Rpc } from '@charla/platform';
import {
  BatchAuthenticateRequest,
  BatchGetUsersRequest,
  GetUserRequest,
  UserRole as PbUserRole,
  UsersServiceClient,
  type AuthenticateResponse,
  type BatchAuthenticateResponse,
  type BatchGetUsersResponse,
  type GetUserResponse,
  type UserEvent,
} from '@charla/proto/users';
import { credentials } from '@grpc/grpc-js';
import type { UserCaller, UserDirectory, UserRole } from '../domain/types';

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

const ROLE_FROM_PB: Partial<Record<PbUserRole, UserRole>> = {
  [PbUserRole.USER_ROLE_OPERATOR]: 'operator',
  [PbUserRole.USER_ROLE_ADMIN]: 'admin',
};

interface CachedCaller {
  caller: UserCaller;
  sessionId: string;
}

/** users-service's BatchAuthenticate limit. */
const AUTHENTICATE_BATCH_MOST = 500;

/** The one long-lived channel to users-service: the messages domain's UserDirectory, and its event feed. */
export class UsersClient implements UserDirectory {
  readonly grpc: UsersServiceClient;
  private readonly serviceToken: string;
  private readonly cacheMs: number;
  /** Token checks, asked again before they lapse while the token is in use (TrustedAnswers). */
  private readonly checks: TrustedAnswers<string, CachedCaller>;
  /** The tokens first seen in one turn (a gateway's batch of sends by many users) are looked up in one call. */
  private readonly lookups: TurnBatch<string, AuthenticateResponse>;
  private readonly getUser: Rpc<GetUserRequest, GetUserResponse>;
  private readonly batchGetUsers: Rpc<BatchGetUsersRequest, BatchGetUsersResponse>;

  constructor(options: UsersClientOptions) {
    this.grpc = new UsersServiceClient(options.address, credentials.createInsecure(), SERVICE_CHANNEL_OPTIONS);
    this.serviceToken = options.serviceToken;
    this.cacheMs = options.cacheMs ?? 10_000;
    this.checks = new TrustedAnswers(options.cacheSize ?? 10_000, (token) => this.check(token), (error) => isChatError(error) && error.code === ErrorCode.Unauthenticated);
    // Slow or gone, the caller should retry later: never a hang, never a 500.
    const settings = {
      deadlineMs: options.deadlineMs ?? 3_000,
      serviceToken: options.serviceToken,
      unavailable: { service: 'users-service', reason: 'USERS_UNAVAILABLE' },
    };
    const batchAuthenticate: Rpc<BatchAuthenticateRequest, BatchAuthenticateResponse> = rpc(this.grpc.batchAuthenticate.bind(this.grpc), BatchAuthenticateRequest, settings);
    this.lookups = new TurnBatch(async (tokens) => (await batchAuthenticate({ tokens }, 'service')).results, AUTHENTICATE_BATCH_MOST);
    this.getUser = rpc(this.grpc.getUser.bind(this.grpc), GetUserRequest, settings);
    this.batchGetUsers = rpc(this.grpc.batchGetUsers.bind(this.grpc), BatchGetUsersRequest, settings);
  }

  async authenticate(token: string): Promise<UserCaller> {
    return (await this.checks.get(token)).caller;
  }

  private async check(token: string): Promise<{ value: CachedCaller; until: number }> {
    const now = Date.now();
    const response = await this.lookups.load(token);
    const user = response.user;
    if (!user) throw unauthenticated();
    const caller: UserCaller = {
      kind: 'user',
      user: { id: user.id, username: user.username, role: ROLE_FROM_PB[user.role] ?? 'user' },
      staff: isOperatorRole(user.role),
      token,
    };
    // Trust the answer briefly, never past the token's own expiry.
    return { value: { caller, sessionId: response.sessionId }, until: Math.min(now + this.cacheMs, response.expiresAt?.getTime() ?? Infinity) };
  }

  /** Drops cached token checks that users-service says no longer hold (logout, role change). */
  forget(which: { sessionIds?: string[]; userId?: number }): void {
    const sessions = new Set(which.sessionIds ?? []);
    this.checks.deleteWhere((entry) => sessions.has(entry.sessionId) || entry.caller.user.id === which.userId);
  }

  async userIdByUsername(username: string, caller: UserCaller): Promise<number> {
    const { user } = await this.getUser({ id: 0, username }, { token: caller.token });
    if (!user) throw notFound('user', 'USER_NOT_FOUND');
    return user.id;
  }

  async userExists(userId: number, caller: UserCaller): Promise<boolean> {
    try {
      return (await this.getUser({ id: userId, username: '' }, { token: caller.token })).user !== undefined;
    } catch (error) {
      if (isChatError(error) && error.code === ErrorCode.NotFound) return false;
      throw error;
    }
  }

  async userIdsByUsernames(usernames: string[], caller: UserCaller): Promise<Map<string, number>> {
    if (usernames.length === 0) return new Map();
    const { users } = await this.batchGetUsers({ ids: [], usernames }, { token: caller.token });
    return new Map(users.map((user) => [user.username.normalize('NFC').toLowerCase(), user.id]));
  }

  /** users-service's event stream after `after` (service credential); ends with an error to retry on. */
  watchUserEvents(after: number, signal: AbortSignal, onEvent: (event: UserEvent) => Promise<void>): Promise<void> {
    const stream = this.grpc.watchEvents({ after, fromNow: false, batched: true }, metadataFor('service', this.serviceToken));
    const onAbort = () => stream.cancel();
    signal.addEventListener('abort', onAbort);
    return (async () => {
      try {
        for await (const response of stream as AsyncIterable<WatchResponse<UserEvent>>) {
          for (const event of eventsOf(response)) await onEvent(event);
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
