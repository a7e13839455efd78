import { existsSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import express, { Router, type ErrorRequestHandler, type NextFunction, type RequestHandler, type Response } from 'express';
import type { WebSocketServer } from 'ws';
import { currentRequestId, withRequestId } from '@charla/platform';
import { originAllowed } from './guards/origin';

/** What /readyz reports on: whether calls can go through, and whether no event would be missed. */
export interface Readiness {
  channelsReady(): boolean;
  eventsLive(): boolean;
}

/** /healthz (the process answers) and /readyz (200 only while both channels and both event streams are up). */
export function healthRoutes({ channelsReady, eventsLive }: Readiness): Router {
  const router = Router();
  router.get('/healthz', (_request, response) => void response.type('text').send('ok'));
  router.get('/readyz', (_request, response) => {
    const channels = channelsReady();
    const ready = channels && eventsLive();
    response.status(ready ? 200 : 503).type('text').send(ready ? 'ready' : channels ? 'event streams are not live yet' : 'a service is not reachable');
  });
  return router;
}

/** The built browser client at `/`, or a short page saying how to build it. */
export function clientRoutes(clientDist: string): Router {
  const router = Router();
  const index = join(clientDist, 'index.html');
  if (!existsSync(index)) {
    router.get('/', (_request, response) =>
      void response.type('text').send('Charla gateway. The browser client is not built: run `npm run build -w client`. GraphQL and GraphiQL: /graphql'),
    );
    return router;
  }
  router.use(express.static(clientDist, { index: 'index.html' }));
  // Client-side routes fall back to the app shell.
  router.get(/^\/(?!graphql|graphiql|v1\/|healthz|readyz).*/, (request, response, next) => {
    if (!request.accepts('html')) return next();
    response.sendFile(index);
  });
  return router;
}

/** A body refused while it was read: body-parser's error types and statuses, so bodyErrors and Express answer it as they answer body-parser's. */
class BodyRefused extends Error {
  constructor(
    readonly type: 'entity.too.large' | 'entity.parse.failed' | 'charset.unsupported' | 'encoding.unsupported',
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The JSON body of a /graphql POST in `req.body` (undefined for other types, which Apollo then
 * refuses), UTF-8 and uncompressed, at most `limit` bytes: what express.json did for it,
 * without body-parser's steps (content-type and type-is parsing, raw-body's stream with its
 * decoder), ~60 µs of the gateway's CPU a send in the profile. Refusals go to bodyErrors (or
 * Express, by their status), as body-parser's did.
 */
export function jsonBody(limit: number): RequestHandler {
  // Past the cap the rest of the body is not read: the answer closes the connection instead.
  const tooLarge = (res: Response, next: NextFunction) => {
    res.setHeader('connection', 'close');
    next(new BodyRefused('entity.too.large', 413, 'request entity too large'));
  };
  return (req, res, given) => {
    // The body's events come from the connection, outside this request's context: the rest of
    // the request goes on under its request id (every log line and call carries it). Re-entering
    // the id is cheaper than binding an AsyncResource per request (1.6 % in the history profile).
    const requestId = currentRequestId();
    const next: NextFunction = requestId === undefined ? given : (error?: unknown) => withRequestId(requestId, () => given(error));
    req.body = undefined;
    const [type, ...parameters] = (req.headers['content-type'] ?? '').split(';');
    if (type.trim().toLowerCase() !== 'application/json') return next();
    const charset = parameters.map((parameter) => parameter.trim().toLowerCase()).find((parameter) => parameter.startsWith('charset='));
    if (charset !== undefined && charset !== 'charset=utf-8' && charset !== 'charset=utf8') return next(new BodyRefused('charset.unsupported', 415, `unsupported charset "${charset.slice(8).toUpperCase()}"`));
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') return next(new BodyRefused('encoding.unsupported', 415, `unsupported content encoding "${encoding}"`));
    if (Number(req.headers['content-length']) > limit) return tooLarge(res, next);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd).pause();
      tooLarge(res, next);
    };
    const onEnd = () => {
      const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
      try {
        req.body = text === '' ? {} : (JSON.parse(text) as unknown);
      } catch (error) {
        return next(error instanceof SyntaxError ? new BodyRefused('entity.parse.failed', 400, error.message) : error);
      }
      next();
    };
    req.on('data', onData).once('end', onEnd).once('error', next);
  };
}

/** Bodies that are too large or not JSON are the client's mistake, answered in GraphQL's error shape. */
export const bodyErrors: ErrorRequestHandler = (error, _request, response, next) => {
  if (error?.type === 'entity.too.large') {
    response.status(413).json({ errors: [{ message: 'The request body is too large.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
  } else if (error?.type === 'entity.parse.failed') {
    response.status(400).json({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  } else next(error);
};

/** WebSocket upgrades go to the socket server of their path, from allowed origins only. */
export function routeUpgrades(httpServer: Server, byPath: ReadonlyMap<string, WebSocketServer>, allowedOrigins: readonly string[]): void {
  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://gateway').pathname;
    const server = byPath.get(path);
    if (!server) return refuseUpgrade(socket, 404, 'Not Found');
    if (!originAllowed(request, allowedOrigins)) return refuseUpgrade(socket, 403, 'Forbidden');
    server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
  });
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
