import { adminRoutes, type Logger, type PartAddresses } from '@charla/platform';
import { UserRole } from '@charla/proto/users';
import type { Router } from 'express';
import type { WebSocketServer } from 'ws';
import type { TokenCheck } from './auth/tokens';
import type { PresenceLeases } from './presence/leases';

export interface GatewayAdminOptions {
  tokens: Pick<TokenCheck, 'authenticate'>;
  serviceToken: string;
  version: string;
  startedAt: Date;
  ready: () => boolean;
  addresses: () => PartAddresses;
  sockets: WebSocketServer[];
  leases: Pick<PresenceLeases, 'usersHeld'>;
  log: Logger;
}

/** The gateway's /v1/admin/status for the operator console: readiness, its sockets and the users on them. */
export function gatewayAdminRoutes(options: GatewayAdminOptions): Router {
  return adminRoutes({
    part: 'api-gateway',
    version: options.version,
    startedAt: options.startedAt,
    credential: {
      serviceToken: options.serviceToken,
      isAdmin: async (token) => (await options.tokens.authenticate(token)).user.role === UserRole.USER_ROLE_ADMIN,
    },
    status: async () => ({
      health: options.ready() ? 'SERVING' : 'NOT_SERVING',
      addresses: options.addresses(),
      sockets: options.sockets.reduce((open, server) => open + server.clients.size, 0),
      usersOnline: options.leases.usersHeld(),
    }),
    log: options.log,
  });
}
