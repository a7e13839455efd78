import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { connectivityState } from '@grpc/grpc-js';
import express, { type ErrorRequestHandler } from 'express';
import { WebSocketServer } from 'ws';
import { UserEventType } from '@charla/proto/users';
import { createLogger, type Logger } from '@charla/platform';
import { Membership } from './auth/membership';
import { SessionSockets } from './auth/sessions';
import { TokenCheck } from './auth/tokens';
import { connectMessages } from './clients/messages';
import { connectUsers } from './clients/users';
import type { GatewayConfig } from './config';
import type { Gateway, RequestContext } from './context';
import { UserDirectory } from './directory';
import { formatGraphQLError, type FormatOptions } from './errors';
import { graphiqlRoutes } from './graphiql/page';
import { httpContext } from './graphql/http';
import { gatewaySchema } from './graphql/schema';
import { SESSION_ENDED, serveGraphQLSockets } from './graphql/socket';
import { originAllowed } from './guards/origin';
import { queryLimitRules } from './guards/query-limits';
import { RateLimits } from './guards/rate-limit';
import { PresenceAudience } from './presence/audience';
import { PresenceLeases } from './presence/leases';
import { MessagesAudience } from './subscriptions/audience';
import { DeliveryReceipts } from './subscriptions/receipts';
import { TypingBoard, localTypingRelay, redisTypingRelay } from './subscriptions/typing';
import { ServiceWatch } from './subscriptions/watch';
import { serveSupportSockets } from './support/socket';

export { gatewayConfigFromEnv, type GatewayConfig } from './config';

export interface RunningGateway {
  port: number;
  stop(): Promise<void>;
}

/** How long a user looked up for an author or member line is reused. */
const DIRECTORY_TTL_MS = 2_000;
const MEMBERSHIP_TTL_MS = 5_000;

/**
 * Starts the gateway: one channel and one event stream per service, GraphQL over HTTP and
 * graphql-ws on /graphql, the support socket on /v1/support, GraphiQL, the client, health.
 */
export async function startGateway(config: GatewayConfig, log: Logger = createLogger('api-gateway', config.logLevel)): Promise<RunningGateway> {
  const schema = gatewaySchema();
  const settings = { deadlineMs: config.callDeadlineMs, serviceToken: config.serviceToken };
  const users = connectUsers(config.usersGrpcAddr, settings);
  const messages = connectMessages(config.messagesGrpcAddr, settings);
  const gateway: Gateway = {
    config,
    log,
    users,
    messages,
    tokens: new TokenCheck(users, config.authCacheMs),
    membership: new Membership(messages, MEMBERSHIP_TTL_MS),
    sessions: new SessionSockets(),
    directory: new UserDirectory(users, DIRECTORY_TTL_MS),
    audience: new MessagesAudience(),
    presence: new PresenceAudience(),
    typing: new TypingBoard(config.redisUrl ? redisTypingRelay(config.redisUrl, log) : localTypingRelay(), config.typingTtlMs),
    limits: new RateLimits(config.limits),
    receipts: new DeliveryReceipts(messages, log),
  };
  const leases = new PresenceLeases({
    users,
    holder: `gateway-${randomUUID()}`,
    ttlSeconds: config.leaseTtlSeconds,
    renewMs: config.leaseRenewMs,
    log,
  });

  const userEvents = new ServiceWatch({
    name: 'users',
    open: (after) => users.watchEvents(after),
    retryMs: config.watchRetryMs,
    log,
    onEvent: ({ event }) => {
      if (!event) return;
      if (event.type === UserEventType.USER_EVENT_TYPE_SESSION_REVOKED) {
        const ended = new Set(event.sessionIds);
        gateway.tokens.revokeSessions(ended);
        gateway.sessions.closeSessions(ended, SESSION_ENDED, 'Session ended');
        return;
      }
      if (!event.user) return;
      gateway.directory.remember(event.user);
      if (event.type === UserEventType.USER_EVENT_TYPE_STATUS_CHANGED) gateway.presence.publish(event.user, 'status');
      if (event.type === UserEventType.USER_EVENT_TYPE_PROFILE_CHANGED || event.type === UserEventType.USER_EVENT_TYPE_ROLE_CHANGED) {
        gateway.tokens.forgetUser(event.user.id);
        gateway.presence.publish(event.user, 'profile');
      }
    },
  });
  const messageEvents = new ServiceWatch({
    name: 'messages',
    open: (after) => messages.watchEvents(after),
    retryMs: config.watchRetryMs,
    log,
    onEvent: ({ event }) => event && gateway.audience.publish(event),
  });
  const format: FormatOptions = {
    production: config.production,
    onUnexpected: (error) => log.error({ err: error }, 'unexpected error in a resolver'),
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const httpServer = createServer(app);

  const graphqlSockets = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxFrameBytes, perMessageDeflate: false });
  const supportSockets = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxFrameBytes, perMessageDeflate: false });
  const graphqlWs = serveGraphQLSockets(graphqlSockets, schema, gateway, leases, format);
  const support = serveSupportSockets(supportSockets, gateway, leases);

  const apollo = new ApolloServer<RequestContext>({
    schema,
    validationRules: queryLimitRules(config.limits),
    formatError: (formatted, error) => formatGraphQLError(formatted, error, format),
    includeStacktraceInErrorResponses: !config.production,
    hideSchemaDetailsFromClientErrors: config.production,
    introspection: true,
    // Credentials travel only in the Authorization header, never in cookies, so a cross-site
    // request cannot act as anyone: plain GET queries (curl, links) may run.
    csrfPrevention: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      { serverWillStart: async () => ({ drainServer: async () => void (await graphqlWs.dispose()) }) },
    ],
    logger: log,
  });
  // Until it listens, a failed start must not leave timers and connections behind.
  const abandon = async (error: unknown): Promise<never> => {
    await Promise.allSettled([apollo.stop(), leases.releaseAll(), gateway.typing.close()]);
    users.close();
    messages.close();
    throw error;
  };
  await apollo.start().catch(abandon);

  app.get('/healthz', (_request, response) => void response.type('text').send('ok'));
  app.get('/readyz', (_request, response) => {
    // Ready means calls can go through and both event streams are live (no event would be missed).
    const channels = [users.channelState(), messages.channelState()].every((state) => state === connectivityState.READY);
    const ready = channels && userEvents.connected && messageEvents.connected;
    response.status(ready ? 200 : 503).type('text').send(ready ? 'ready' : channels ? 'event streams are not live yet' : 'a service is not reachable');
  });
  app.use(graphiqlRoutes());
  app.use(
    '/graphql',
    express.json({ limit: config.limits.maxBodyBytes }),
    expressMiddleware(apollo, { context: async ({ req }) => httpContext(gateway, req) }),
  );
  serveClient(app, config.clientDist);
  const bodyErrors: ErrorRequestHandler = (error, _request, response, next) => {
    if (error?.type === 'entity.too.large') {
      response.status(413).json({ errors: [{ message: 'The request body is too large.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    } else if (error?.type === 'entity.parse.failed') {
      response.status(400).json({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
    } else next(error);
  };
  app.use(bodyErrors);

  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://gateway').pathname;
    const server = path === '/graphql' ? graphqlSockets : path === '/v1/support' ? supportSockets : undefined;
    if (!server) return refuseUpgrade(socket, 404, 'Not Found');
    if (!originAllowed(request, config.allowedOrigins)) return refuseUpgrade(socket, 403, 'Forbidden');
    server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  }).catch(abandon);
  userEvents.start();
  messageEvents.start();
  const port = (httpServer.address() as AddressInfo).port;
  log.info({ port }, 'gateway listening');

  let stopped: Promise<void> | undefined;
  return {
    port,
    stop: () =>
      (stopped ??= (async () => {
        gateway.sessions.closeAll(1001, 'Gateway shutting down');
        support.close();
        for (const server of [graphqlSockets, supportSockets]) for (const client of server.clients) client.terminate();
        httpServer.closeAllConnections();
        await apollo.stop();
        userEvents.stop();
        messageEvents.stop();
        await Promise.all([gateway.receipts.flush(), leases.releaseAll(), gateway.typing.close()]);
        graphqlSockets.close();
        supportSockets.close();
        users.close();
        messages.close();
        log.info('gateway stopped');
      })()),
  };
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The built browser client at `/`, or a short page saying how to build it. */
function serveClient(app: express.Express, clientDist: string): void {
  const index = join(clientDist, 'index.html');
  if (!existsSync(index)) {
    app.get('/', (_request, response) =>
      void response.type('text').send('Charla gateway. The browser client is not built: run `npm run build -w client`. GraphQL and GraphiQL: /graphql'),
    );
    return;
  }
  app.use(express.static(clientDist, { index: 'index.html' }));
  // Client-side routes fall back to the app shell.
  app.get(/^\/(?!graphql|graphiql|v1\/|healthz|readyz).*/, (request, response, next) => {
    if (!request.accepts('html')) return next();
    response.sendFile(index);
  });
}
