import { sql, type Kysely } from 'kysely';
import { eventLogMigration, type Dialect, type SchemaMigration } from '@charla/platform';
import { STATUS_IDS } from './schema';

const time = (dialect: Dialect) => (dialect === 'mysql' ? sql`datetime(3)` : sql`text`);
// Unique keys compare byte-wise in both databases (they are lower-cased before storing).
const key = (dialect: Dialect, length: number) =>
  dialect === 'mysql' ? sql.raw(`varchar(${length}) character set utf8mb4 collate utf8mb4_bin`) : sql`text`;
const id = (dialect: Dialect) => (dialect === 'mysql' ? sql`bigint` : sql`integer`);

const usersAndSessions: SchemaMigration = {
  async up(db: Kysely<any>, dialect: Dialect) {
    await db.schema
      .createTable('user_statuses')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('description', 'varchar(20)', (c) => c.notNull().unique())
      .execute();
    await db
      .insertInto('user_statuses')
      .values(Object.entries(STATUS_IDS).map(([description, statusId]) => ({ id: statusId, description })))
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', id(dialect), (c) => c.primaryKey().autoIncrement())
      .addColumn('username', 'varchar(32)', (c) => c.notNull())
      .addColumn('username_key', key(dialect, 128), (c) => c.notNull())
      .addColumn('email', 'varchar(254)')
      .addColumn('email_key', key(dialect, 254))
      .addColumn('first_name', 'varchar(100)', (c) => c.notNull())
      .addColumn('last_name', 'varchar(100)', (c) => c.notNull())
      .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
      .addColumn('role', 'varchar(16)', (c) => c.notNull().defaultTo('user'))
      .addColumn('status_id', 'integer', (c) => c.notNull().references('user_statuses.id'))
      .addColumn('chosen_status_id', 'integer', (c) => c.notNull().references('user_statuses.id'))
      .addColumn('last_seen_at', time(dialect))
      .addColumn('created_at', time(dialect), (c) => c.notNull())
      .addColumn('updated_at', time(dialect), (c) => c.notNull())
      .execute();
    await db.schema.createIndex('users_username_key').unique().on('users').column('username_key').execute();
    await db.schema.createIndex('users_email_key').unique().on('users').column('email_key').execute();
    await db.schema.createIndex('users_status_id').on('users').column('status_id').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('user_id', id(dialect), (c) => c.notNull().references('users.id'))
      .addColumn('token_hash', 'char(64)', (c) => c.notNull())
      .addColumn('created_at', time(dialect), (c) => c.notNull())
      .addColumn('expires_at', time(dialect), (c) => c.notNull())
      .addColumn('revoked_at', time(dialect))
      .execute();
    await db.schema.createIndex('sessions_token_hash').unique().on('sessions').column('token_hash').execute();
    await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

    await db.schema
      .createTable('presence_leases')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('user_id', id(dialect), (c) => c.notNull().references('users.id'))
      .addColumn('holder', 'varchar(128)', (c) => c.notNull())
      .addColumn('created_at', time(dialect), (c) => c.notNull())
      .addColumn('expires_at', time(dialect), (c) => c.notNull())
      .execute();
    await db.schema.createIndex('presence_leases_user_expiry').on('presence_leases').columns(['user_id', 'expires_at']).execute();
    await db.schema.createIndex('presence_leases_expiry').on('presence_leases').column('expires_at').execute();
  },
};

/** What each user's browser notifies them of (domain NOTIFICATION_LEVELS); everything until they choose. */
const notificationLevel: SchemaMigration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('users').addColumn('notification_level', 'varchar(10)', (c) => c.notNull().defaultTo('all')).execute();
  },
};

/** Every schema change, in order; they run at start-up. Never edit one that has shipped. */
export const USERS_MIGRATIONS: Record<string, SchemaMigration> = {
  '0001_users_sessions_leases': usersAndSessions,
  '0002_event_log': eventLogMigration,
  '0003_notification_level': notificationLevel,
};
