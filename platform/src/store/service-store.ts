import type { Kysely } from 'kysely';
import { EventLog, localWakeups, type EventTables } from '../events/log';
import { sharedWakeups } from '../events/wakeups';
import { redisPubSub } from '../pubsub';
import type { Logger } from '../logger';
import { ensureMysqlDatabase, openDatabase, type OpenedDatabase } from './database';
import { migrate, type SchemaMigration } from './migrate';

export interface ServiceStore<Schema> {
  opened: OpenedDatabase<Schema>;
  /** The service's event log, woken across replicas through Redis when there is a REDIS_URL. */
  events: EventLog;
  close(): Promise<void>;
}

export interface OpenServiceStoreOptions {
  /** "users", "messages": names the SQLite file and the Redis wakeup channel. */
  name: string;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  migrations: Record<string, SchemaMigration>;
  log: Logger;
  poolSize?: number;
  /** MySQL sessions start READ COMMITTED, for a store whose every write asks for it. */
  readCommitted?: boolean;
}

/**
 * A service's own database, ready to use: created if MySQL does not have it yet, migrated to
 * the latest version, with its event log. Closed again if migrating fails.
 */
export async function openServiceStore<Schema>(options: OpenServiceStoreOptions): Promise<ServiceStore<Schema>> {
  const { name, databaseUrl, log } = options;
  if (databaseUrl) await ensureMysqlDatabase(databaseUrl);
  const opened = openDatabase<Schema>({ url: databaseUrl, dataDir: options.dataDir, name, poolSize: options.poolSize, readCommitted: options.readCommitted });
  try {
    const applied = await migrate(opened.db, opened.dialect, options.migrations);
    if (applied.length > 0) log.info({ applied, dialect: opened.dialect }, 'schema migrated');
  } catch (error) {
    await opened.close();
    throw error;
  }
  const wakeups = options.redisUrl ? sharedWakeups(redisPubSub(options.redisUrl, log), `charla:${name}:events`) : localWakeups();
  // The log touches only its own two tables of this database; Kysely's types are invariant in the schema.
  const events = new EventLog({ db: opened.db as unknown as Kysely<EventTables>, stream: name, wakeups, log });
  return {
    opened,
    events,
    close: async () => {
      await wakeups.close();
      await opened.close();
    },
  };
}
