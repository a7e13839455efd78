import express, { type NextFunction, type Request, type Response } from 'express';
import { bearerToken, httpErrorHandler, invalidArgument, isChatError, ErrorCode, notFound, type Logger } from '@charla/platform';
import {
  AuthenticateResponse,
  GetUserResponse,
  ListUsersResponse,
  RegisterResponse,
} from '@charla/proto/users';
import type { Accounts } from '../domain/accounts';
import type { Callers } from '../domain/callers';
import type { ProfileChanges, Profiles } from '../domain/profiles';
import type { Caller } from '../domain/types';
import { toPbUser } from '../mapping';

const BODY_LIMIT = '16kb';
const PROFILE_KEYS = ['username', 'firstName', 'first_name', 'lastName', 'last_name', 'email', 'notificationLevel', 'notification_level'];

type JsonObject = Record<string, unknown>;

/** A string field, by its proto JSON name or its original snake_case name. */
function stringField(body: JsonObject, camel: string, snake: string): string | undefined {
  const value = body[camel] ?? body[snake];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidArgument(snake, 'must be a string');
  return value;
}

function objectBody(req: Request): JsonObject {
  const body: unknown = req.body;
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidArgument('body', 'must be a JSON object');
  return body as JsonObject;
}

function intParam(value: unknown, field: string): number {
  if (value === undefined || value === '') return 0;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) throw invalidArgument(field, 'must be a non-negative integer');
  return Number(value);
}

export interface UsersRestOptions {
  callers: Callers;
  accounts: Accounts;
  profiles: Profiles;
}

/**
 * The REST door: JSON over HTTP, calling the same use cases as gRPC. Bodies are proto JSON
 * (camelCase; snake_case accepted on input). POST /v1/auth/ is the support socket login,
 * answered exactly as its clients expect.
 */
export function usersRestApp({ callers, accounts, profiles }: UsersRestOptions, log: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const json = express.json({ limit: BODY_LIMIT });
  const callerOf = (req: Request): Promise<Caller | undefined> => callers.of(bearerToken(req.get('authorization')));
  // Express 5 forwards rejected promises to the error handler.
  type Handler = (req: Request, res: Response) => Promise<void>;
  const route = (handler: Handler) => (req: Request, res: Response) => handler(req, res);

  // The support socket login: 200 {"error":null,"result":{"token"},"id":<user id>}, 403 empty on wrong
  // credentials, 404 empty for anything else (wrong shape, not JSON, too large, other methods).
  const loginBody = express.json({ limit: BODY_LIMIT, type: () => true });
  app.post('/v1/auth/', loginBody, async (req: Request, res: Response) => {
    const body: unknown = req.body;
    const shaped =
      typeof body === 'object' && body !== null && !Array.isArray(body) &&
      typeof (body as JsonObject).user_name === 'string' && typeof (body as JsonObject).password === 'string';
    if (!shaped) {
      res.status(404).end();
      return;
    }
    const { user_name, password } = body as { user_name: string; password: string };
    try {
      const { user, token } = await accounts.login(user_name, password);
      res.status(200).json({ error: null, result: { token }, id: user.id });
    } catch (error) {
      if (isChatError(error) && error.code === ErrorCode.Unauthenticated) {
        res.status(403).end();
        return;
      }
      throw error;
    }
  }, (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    // Body-parser refusals are "anything else" to the support socket login; real failures still answer 500.
    const type = (error as { type?: string })?.type;
    if (type?.startsWith('entity.') || type === 'encoding.unsupported' || type === 'charset.unsupported') {
      res.status(404).end();
      return;
    }
    next(error);
  });
  app.all('/v1/auth/', (_req, res) => {
    res.status(404).end();
  });

  app.post('/v1/users', json, route(async (req, res) => {
    const body = objectBody(req);
    const signedIn = await accounts.register({
      username: stringField(body, 'username', 'username') ?? '',
      password: stringField(body, 'password', 'password') ?? '',
      firstName: stringField(body, 'firstName', 'first_name') ?? '',
      lastName: stringField(body, 'lastName', 'last_name') ?? '',
      email: stringField(body, 'email', 'email') ?? '',
    });
    res.status(201).json(RegisterResponse.toJSON({ user: toPbUser(signedIn.user), token: signedIn.token, expiresAt: signedIn.expiresAt }));
  }));

  // Token verification for the messenger: who does this token belong to?
  app.get('/v1/auth/verify', route(async (req, res) => {
    const { user, session } = await accounts.authenticate(bearerToken(req.get('authorization')) ?? '');
    res.json(AuthenticateResponse.toJSON({ user: toPbUser(user), sessionId: session.id, expiresAt: session.expiresAt }));
  }));

  app.post('/v1/auth/logout', route(async (req, res) => {
    await accounts.logout(await callerOf(req));
    res.status(204).end();
  }));

  app.get('/v1/users', route(async (req, res) => {
    const pageToken = req.query.page_token ?? req.query.pageToken ?? '';
    if (typeof pageToken !== 'string') throw invalidArgument('page_token', 'must be a string');
    const page = await profiles.listUsers(await callerOf(req), intParam(req.query.page_size ?? req.query.pageSize, 'page_size'), pageToken);
    res.json(ListUsersResponse.toJSON({ users: page.users.map(toPbUser), nextPageToken: page.nextPageToken }));
  }));

  app.get('/v1/users/:id', route(async (req, res) => {
    const user = await profiles.getUser(await callerOf(req), { id: intParam(req.params.id, 'id') });
    res.json(GetUserResponse.toJSON({ user: toPbUser(user) }));
  }));

  // The fields present in the body are the ones changed (an implicit update mask).
  app.patch('/v1/users/:id', json, route(async (req, res) => {
    const caller = await callerOf(req);
    const body = objectBody(req);
    const unknown = Object.keys(body).find((key) => !PROFILE_KEYS.includes(key));
    if (unknown !== undefined) throw invalidArgument(unknown, 'cannot be changed here');
    const changes: ProfileChanges = {
      username: stringField(body, 'username', 'username'),
      firstName: stringField(body, 'firstName', 'first_name'),
      lastName: stringField(body, 'lastName', 'last_name'),
      email: stringField(body, 'email', 'email'),
      // `mentions` or its proto JSON name, NOTIFICATION_LEVEL_MENTIONS.
      notificationLevel: stringField(body, 'notificationLevel', 'notification_level')?.replace(/^NOTIFICATION_LEVEL_/, '').toLowerCase(),
    };
    const id = intParam(req.params.id, 'id');
    if (id === 0) throw invalidArgument('id', 'must be a positive user id');
    const user = await profiles.updateProfile(caller, id, changes);
    res.json(GetUserResponse.toJSON({ user: toPbUser(user) }));
  }));

  app.use(() => {
    throw notFound('route', 'ROUTE_NOT_FOUND');
  });
  app.use(httpErrorHandler(log));
  return app;
}
