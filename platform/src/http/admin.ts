import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { bearerToken, sameSecret } from '../credentials';
import { ChatError, ErrorCode, isChatError, permissionDenied, unauthenticated } from '../errors';
import type { Logger } from '../logger';
import { streamPositions } from '../metrics';
import type { PartAddresses } from '../process';
import { HTTP_STATUS, httpErrorBody } from './status';

/**
 * The operator console's calls (`npx charla`) live under /v1/admin on each part's HTTP port,
 * and each part checks the credential itself: the shared SERVICE_TOKEN, or the token of a
 * signed-in admin.
 */
export interface AdminCredential {
  serviceToken: string;
  /** Whether this (non-service) token is a live session of an admin; throws UNAUTHENTICATED for a bad token. */
  isAdmin(token: string): Promise<boolean>;
}

/** Resolves for the service credential or an admin's token; UNAUTHENTICATED or PERMISSION_DENIED otherwise. */
export async function authorizeAdmin(header: unknown, credential: AdminCredential): Promise<void> {
  const token = bearerToken(header);
  if (!token) throw unauthenticated('this call needs an admin credential: `authorization: Bearer <SERVICE_TOKEN or an admin\'s token>`', 'ADMIN_CREDENTIAL_REQUIRED');
  if (sameSecret(token, credential.serviceToken)) return;
  if (!(await credential.isAdmin(token))) throw permissionDenied('only admins may do this', 'ADMIN_ONLY');
}

/** What GET /v1/admin/status answers about one part. */
export interface PartStatus {
  part: string;
  version: string;
  pid: number;
  startedAt: string;
  uptimeSeconds: number;
  /** SERVING while the part takes calls (gRPC health; the gateway's readiness). */
  health: 'SERVING' | 'NOT_SERVING';
  addresses: PartAddresses;
  /** The gateway's WebSockets; a service's open WatchEvents streams. */
  sockets: number;
  /** Users with a live presence lease (users-service: everyone; gateway: on its sockets). */
  usersOnline?: number;
  /** The newest event of each event stream this part sends or follows. */
  eventStreams: Record<string, { lastEventAt: string; lagMs: number }>;
  /** Anything else the part reports. */
  details?: Record<string, unknown>;
}

export interface AdminRoutesOptions {
  part: string;
  version: string;
  startedAt: Date;
  credential: AdminCredential;
  status: () => Promise<Pick<PartStatus, 'health' | 'addresses' | 'sockets' | 'usersOnline' | 'details'>>;
  log: Logger;
}

/** The one error boundary of the admin routes (the gateway has no REST error handler of its own). */
function adminErrors(log: Logger): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    if (isChatError(error)) return void res.status(HTTP_STATUS[error.code]).json(httpErrorBody(error));
    if (error?.type === 'entity.parse.failed') {
      const bad = new ChatError(ErrorCode.InvalidArgument, 'request body is not valid JSON', { reason: 'MALFORMED_JSON' });
      return void res.status(400).json(httpErrorBody(bad));
    }
    log.error({ err: error }, 'unhandled error in an admin route');
    res.status(500).json(httpErrorBody(new ChatError(ErrorCode.Internal, 'internal error', { reason: 'INTERNAL' })));
  };
}

/**
 * /v1/admin on one part: GET /status, plus the part's own admin routes (`extend`). Every route
 * needs the admin credential; JSON in and out, errors in the REST error shape.
 */
export function adminRoutes(options: AdminRoutesOptions, extend?: (router: Router) => void): Router {
  const router = Router();
  router.use(express.json({ limit: '16kb' }));
  router.use(async (req: Request, _res: Response, next) => {
    await authorizeAdmin(req.get('authorization'), options.credential);
    next();
  });
  router.get('/status', async (_req, res) => {
    const now = Date.now();
    const own = await options.status();
    const eventStreams = Object.fromEntries(
      Object.entries(streamPositions()).map(([name, position]) => [name, { lastEventAt: position.lastEventAt.toISOString(), lagMs: position.lagMs }]),
    );
    const status: PartStatus = {
      part: options.part,
      version: options.version,
      pid: process.pid,
      startedAt: options.startedAt.toISOString(),
      uptimeSeconds: Math.round((now - options.startedAt.getTime()) / 1000),
      eventStreams,
      ...own,
    };
    res.json(status);
  });
  extend?.(router);
  router.use(adminErrors(options.log));
  const mounted = Router();
  mounted.use('/v1/admin', router);
  return mounted;
}
