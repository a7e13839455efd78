import { adminRoutes, bearerToken, type Logger, type PartStatus } from '@charla/platform';
import type { Router } from 'express';
import type { Callers } from '../domain/callers';
import type { Motd, MotdView } from '../domain/motd';

export interface MessagesAdminOptions {
  callers: Pick<Callers, 'of'>;
  motd: Motd;
  serviceToken: string;
  version: string;
  startedAt: Date;
  status: () => Pick<PartStatus, 'health' | 'addresses' | 'sockets'>;
  log: Logger;
}

const motdJson = (view: MotdView) => ({ motd: view.text, updatedAt: view.updatedAt?.toISOString() ?? null });

/**
 * messages-service's /v1/admin, for the operator console: its status, and the message of the
 * day (GET, PUT {"motd": "…"}). The service credential or an admin's token.
 */
export function messagesAdminRoutes(options: MessagesAdminOptions): Router {
  const { callers, motd } = options;
  return adminRoutes(
    {
      part: 'messages-service',
      version: options.version,
      startedAt: options.startedAt,
      credential: {
        serviceToken: options.serviceToken,
        isAdmin: async (token) => {
          const caller = await callers.of(token);
          return caller.kind === 'user' && caller.user.role === 'admin';
        },
      },
      status: async () => options.status(),
      log: options.log,
    },
    (router) => {
      router.get('/motd', async (req, res) => {
        res.json(motdJson(await motd.get(await callers.of(bearerToken(req.get('authorization'))))));
      });
      router.put('/motd', async (req, res) => {
        const caller = await callers.of(bearerToken(req.get('authorization')));
        res.json(motdJson(await motd.set(caller, (req.body as { motd?: unknown } | undefined)?.motd)));
      });
    },
  );
}
