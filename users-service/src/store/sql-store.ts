import { TransactionalWriter, type Dialect, type EventLog } from '@charla/platform';
import type { Kysely } from 'kysely';
import { userEventStore, encodeEvent } from './events';
import { presenceStore } from './presence';
import { usersStoreContext } from './rows';
import type { UsersDatabase } from './schema';
import { sessionStore } from './sessions';
import type { UsersStore } from './store';
import { accountStore } from './users';

/**
 * UsersStore over Kysely, one code path for MySQL/MariaDB and SQLite: each aggregate in its
 * own file, all writing through one transactional writer. The engine's default isolation
 * (REPEATABLE READ on MySQL) is kept: the presence writes' conditional UPDATEs rely on its
 * locking reads of the leases.
 */
export function sqlUsersStore(db: Kysely<UsersDatabase>, dialect: Dialect, log: EventLog): UsersStore {
  const context = usersStoreContext(db, new TransactionalWriter({ db, dialect, log, encode: encodeEvent }));
  return { ...accountStore(context), ...sessionStore(context), ...presenceStore(context), ...userEventStore(log) };
}
