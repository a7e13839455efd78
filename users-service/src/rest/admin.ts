import { adminRoutes, bearerToken, invalidArgument, type Logger, type PartStatus } from '@charla/platform';
import { GetUserResponse } from '@charla/proto/users';
import type { Router } from 'express';
import type { Accounts } from '../domain/accounts';
import type { Callers } from '../domain/callers';
import type { Presence } from '../domain/leases';
import type { Profiles } from '../domain/profiles';
import { USER_ROLES, type UserRole } from '../domain/types';
import { toPbUser } from '../mapping';

export interface UsersAdminOptions {
  callers: Callers;
  accounts: Pick<Accounts, 'authenticate'>;
  profiles: Profiles;
  presence: Presence;
  serviceToken: string;
  version: string;
  startedAt: Date;
  status: () => Pick<PartStatus, 'health' | 'addresses' | 'sockets'>;
  log: Logger;
}

/**
 * users-service's /v1/admin: its status (with how many users are online) and granting a role by
 * username, for the operator console. The service credential or an admin's token.
 */
export function usersAdminRoutes(options: UsersAdminOptions): Router {
  const { callers, accounts, profiles, presence } = options;
  return adminRoutes(
    {
      part: 'users-service',
      version: options.version,
      startedAt: options.startedAt,
      credential: {
        serviceToken: options.serviceToken,
        isAdmin: async (token) => (await accounts.authenticate(token)).user.role === 'admin',
      },
      status: async () => ({ ...options.status(), usersOnline: await presence.online() }),
      log: options.log,
    },
    (router) => {
      // PUT /v1/admin/users/ana/role {"role":"operator"}: the user as it is afterwards, and the role it had.
      router.put('/users/:username/role', async (req, res) => {
        const role: unknown = (req.body as { role?: unknown } | undefined)?.role;
        if (typeof role !== 'string' || !USER_ROLES.includes(role as UserRole)) throw invalidArgument('role', `must be one of ${USER_ROLES.join(', ')}`);
        const caller = await callers.of(bearerToken(req.get('authorization')));
        const before = await profiles.getUser(caller, { username: String(req.params.username) });
        const after = await profiles.setRole(caller, before.id, role as UserRole);
        const user = GetUserResponse.toJSON({ user: toPbUser(after) }) as Record<string, unknown>;
        res.json({ ...user, previousRole: before.role });
      });
    },
  );
}
