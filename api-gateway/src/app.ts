import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { connectivityState } from '@grpc/grpc-js';
import express from 'express';
import { WebSocketServer } from 'ws';
import { createLogger, httpMetrics, localPubSub, metricsRoute, packageVersion, reachableHost, redisPubSub, requestIds, type Logger, type RunningPart } from '@charla/platform';
import { gatewayAdminRoutes } from './admin';
import { Membership } from './auth/membership';
import { SessionSockets } from './auth/sessions';
import { TokenCheck } from './auth/tokens';
import { connectMessages } from './clients/messages';
import { connectUsers } from './clients/users';
import type { GatewayConfig } from './config';
import type { Gateway } from './context';
import { UserDirectory } from './directory';
import type { FormatOptions } from './errors';
import { graphiqlRoutes } from './graphiql/page';
import { apolloServer, graphqlOverHttp } from './graphql/apollo';
import { gatewaySchema } from './graphql/schema';
import { serveGraphQLSockets } from './graphql/socket';
import { RateLimits } from './guards/rate-limit';
import { LivePath } from './live/path';
import { MessageOfTheDay } from './motd';
import { gatewayRoute, observeSockets } from './observability';
import { PresenceLeases } from './presence/leases';
import { serveSupportSockets } from './support/socket';
import { bodyErrors, clientRoutes, healthRoutes, routeUpgrades } from './web';
import { downloadRoutes } from './files/download';
import { FileUrls } from './files/signing';
import { uploadRoute } from './files/upload';

export { gatewayConfigFromEnv, type GatewayConfig } from './config';

export interface RunningGateway extends RunningPart {
  port: number;
}

/** How long a user looked up for an author or member line is reused. */
const DIRECTORY_TTL_MS = 2_000;
const MEMBERSHIP_TTL_MS = 5_000;
const VERSION = packageVersion(join(__dirname, '..'));

/**
 * Starts the gateway: one channel and one event stream per service, GraphQL over HTTP and
 * graphql-ws on /graphql, the support socket on /v1/support, GraphiQL, the client, health.
 */
export async function startGateway(config: GatewayConfig, log: Logger = createLogger('api-gateway', config.logLevel)): Promise<RunningGateway> {
  const startedAt = new Date();
  const settings = { deadlineMs: config.callDeadlineMs, serviceToken: config.serviceToken };
  const users = connectUsers(config.usersGrpcAddr, settings);
  const messages = connectMessages(config.messagesGrpcAddr, settings, { maxInFlight: config.limits.sendsInFlight, maxWaitMs: config.limits.sendQueueMs });
  const tokens = new TokenCheck(users, config.authCacheMs);
  const membership = new Membership(messages, MEMBERSHIP_TTL_MS);
  const sessions = new SessionSockets();
  const directory = new UserDirectory(users, DIRECTORY_TTL_MS);
  const limits = new RateLimits(config.limits);
  const pubsub = config.redisUrl ? redisPubSub(config.redisUrl, log) : localPubSub();
  const { typingTtlMs, watchRetryMs } = config;
  const motd = new MessageOfTheDay(messages);
  const live = new LivePath({ users, messages, tokens, sessions, directory, membership, pubsub, typingTtlMs, watchRetryMs, motd, log });
  const fileUrls = new FileUrls(config.files);
  const gateway: Gateway = { config, users, messages, tokens, membership, directory, limits, typing: live.typing, live: live.streams, fileUrls, motd };
  const leases = new PresenceLeases({ users, holder: `gateway-${randomUUID()}`, ttlSeconds: config.leaseTtlSeconds, renewMs: config.leaseRenewMs, log });
  const format: FormatOptions = {
    production: config.production,
    onUnexpected: (error) => log.error({ err: error }, 'unexpected error in a resolver'),
  };

  const schema = gatewaySchema();
  let port = config.port;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const httpServer = createServer(app);
  const socketOptions = { noServer: true, maxPayload: config.limits.maxFrameBytes, perMessageDeflate: false };
  const graphqlSockets = new WebSocketServer(socketOptions);
  const supportSockets = new WebSocketServer(socketOptions);
  observeSockets('graphql', graphqlSockets);
  observeSockets('support', supportSockets);
  const graphqlWs = serveGraphQLSockets(graphqlSockets, { schema, gateway, sessions, leases, config, format, log });
  const support = serveSupportSockets(supportSockets, {
    desk: { tokens, messages, users, directory, limits, receipts: live.receipts, log, fileUrls },
    audience: live.audience,
    sessions,
    leases,
  });
  const apollo = apolloServer({ schema, httpServer, limits: config.limits, production: config.production, format, log, drain: async () => void (await graphqlWs.dispose()) });

  // Until it listens, a failed start must not leave timers and connections behind.
  const abandon = async (error: unknown): Promise<never> => {
    await Promise.allSettled([apollo.stop(), leases.releaseAll(), live.stop(), pubsub.close()]);
    users.close();
    messages.close();
    throw error;
  };
  await apollo.start().catch(abandon);

  const channelsReady = () => [users.channelState(), messages.channelState()].every((state) => state === connectivityState.READY);
  // Every request gets an id and is counted; then /metrics and the console's /v1/admin.
  app.use(requestIds, httpMetrics('http', log, gatewayRoute), metricsRoute);
  const addresses = () => ({ http: `http://${reachableHost(config.host)}:${port}` });
  const ready = () => channelsReady() && live.connected;
  const sockets = [graphqlSockets, supportSockets];
  // GraphQL first, the route nearly every request takes (GraphiQL before it, for a browser's GET).
  app.use(graphiqlRoutes());
  app.use('/graphql', ...graphqlOverHttp(apollo, gateway, config.limits.maxBodyBytes));
  app.use(gatewayAdminRoutes({ tokens, serviceToken: config.serviceToken, version: VERSION, startedAt, ready, addresses, sockets, leases, log }));
  app.use(healthRoutes({ channelsReady, eventsLive: () => live.connected }));
  app.post('/v1/conversations/:conversationId/files', uploadRoute({ tokens, openUpload: messages.uploadAttachment, urls: fileUrls, config: config.files, log }));
  app.use(downloadRoutes({ openDownload: messages.downloadAttachment, urls: fileUrls, log }));
  app.use(clientRoutes(config.clientDist));
  app.use(bodyErrors);
  const socketPaths = new Map([
    ['/graphql', graphqlSockets],
    ['/v1/support', supportSockets],
  ]);
  routeUpgrades(httpServer, socketPaths, config.allowedOrigins);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  }).catch(abandon);
  live.start();
  port = (httpServer.address() as AddressInfo).port;
  log.info({ port }, 'gateway listening');

  let stopped: Promise<void> | undefined;
  return {
    port,
    addresses: addresses(),
    stop: () =>
      (stopped ??= (async () => {
        sessions.closeAll(1001, 'Gateway shutting down');
        support.close();
        for (const server of socketPaths.values()) for (const client of server.clients) client.terminate();
        httpServer.closeAllConnections();
        await apollo.stop();
        await Promise.all([live.stop(), leases.releaseAll()]);
        await pubsub.close();
        for (const server of socketPaths.values()) server.close();
        users.close();
        messages.close();
        log.info('gateway stopped');
      })()),
  };
}
