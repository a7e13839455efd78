import { existsSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import express, { Router, type ErrorRequestHandler } from 'express';
import type { WebSocketServer } from 'ws';
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
