import { createLogger, readSettings } from '@charla/platform';
import { openUsersStorage } from './app';
import { usersConfigFromEnv } from './config';
import { USER_ROLES, type UserRole } from './domain/types';
import { uniqueKey } from './domain/validation';

/**
 * The set-role command, acting on the store directly with the service's own
 * configuration (DATABASE_URL / DATA_DIR):
 *   npm run users -w users-service -- set-role <username> <user|operator|admin>
 */
const USAGE = 'usage: npm run users -w users-service -- set-role <username> <user|operator|admin>';

async function main(args: string[]): Promise<number> {
  const [command, username, role] = args;
  if (command !== 'set-role' || !username || !USER_ROLES.includes(role as UserRole)) {
    console.error(USAGE);
    return 2;
  }
  const config = readSettings('users-service', usersConfigFromEnv);
  const storage = await openUsersStorage(config, createLogger('users-cli', 'warn'));
  try {
    const user = await storage.store.userByUsernameKey(uniqueKey(username));
    if (!user) {
      console.error(`no user named "${username}"`);
      return 1;
    }
    const updated = await storage.store.setRole(user.id, role as UserRole, new Date());
    console.log(`${updated.username} (id ${updated.id}) is now ${updated.role}`);
    return 0;
  } finally {
    await storage.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
