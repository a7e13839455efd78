import Database from 'better-sqlite3';
import { Kysely, MysqlDialect, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createPool } from 'mysql2';
import { createConnection } from 'mysql2/promise';

export type Dialect = 'mysql' | 'sqlite';

export interface OpenedDatabase<Schema> {
  db: Kysely<Schema>;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** mysql://user:pass@host:port/db; undefined means SQLite. */
  url: string | undefined;
  /** Where SQLite files live when there is no url. */
  dataDir: string;
  /** SQLite file name (without .db), e.g. "users". */
  name: string;
  /** MySQL pool size. */
  poolSize?: number;
  /** MySQL: every connection's transactions run READ COMMITTED (set once per connection, not per transaction). */
  readCommitted?: boolean;
  /**
   * MySQL: a query may hold several statements, answered together in one round trip
   * (multipleStatements), and sessions run with autocommit off, so a transaction starts with
   * its first statement and TransactionalWriter sends COMMIT with its last ones. Only for a
   * pool of its own that TransactionalWriter alone writes through, whose every statement is
   * built with its values as parameters (Kysely's): an injection there could run statements of
   * its own.
   */
  severalStatements?: boolean;
}

/** The databases whose MySQL sessions all start READ COMMITTED. */
const readCommittedSessions = new WeakSet<object>();

/** True when every session of this database already runs READ COMMITTED (no need to ask per transaction). */
export function sessionsReadCommitted(db: object): boolean {
  return readCommittedSessions.has(db);
}

/** The databases opened with severalStatements. */
const severalStatementSessions = new WeakSet<object>();

/** True when this database was opened with severalStatements: its sessions take several statements a query, with autocommit off. */
export function takesSeveralStatements(db: object): boolean {
  return severalStatementSessions.has(db);
}

/**
 * Opens the service's store: MySQL/MariaDB through mysql2 when a mysql:// URL is given,
 * otherwise an embedded SQLite file under dataDir, so a fresh clone runs with no server.
 * Both go through Kysely, so there is one query code path.
 */
export function openDatabase<Schema>(options: OpenDatabaseOptions): OpenedDatabase<Schema> {
  if (options.url) {
    const url = new URL(options.url);
    if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
      throw new Error(`DATABASE_URL must be mysql://…, got ${url.protocol}`);
    }
    const pool = createPool({
      host: url.hostname,
      port: url.port ? Number(url.port) : 3306,
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: decodeURIComponent(url.pathname.slice(1)),
      connectionLimit: options.poolSize ?? 10,
      // Timestamps are stored and read as UTC; BIGINTs as JS numbers (ids stay below 2^53).
      timezone: 'Z',
      dateStrings: false,
      supportBigNumbers: true,
      bigNumberStrings: false,
      charset: 'utf8mb4',
      multipleStatements: options.severalStatements === true,
    });
    // Before any other statement on the connection (mysql2 runs a connection's queries in order).
    if (options.readCommitted) pool.on('connection', (connection) => connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED'));
    if (options.severalStatements) pool.on('connection', (connection) => connection.query('SET autocommit = 0'));
    const db = new Kysely<Schema>({ dialect: new MysqlDialect({ pool }) });
    if (options.readCommitted) readCommittedSessions.add(db);
    if (options.severalStatements) severalStatementSessions.add(db);
    return { db, dialect: 'mysql', close: () => db.destroy() };
  }
  mkdirSync(options.dataDir, { recursive: true });
  const file = join(options.dataDir, `${options.name}.db`);
  const sqlite = new Database(file);
  // WAL lets readers run beside the writer; busy_timeout rides over a second process.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/** Runs one statement on the server of a mysql:// URL about the database it names. */
async function onMysqlServer(url: string, statement: (name: string) => string): Promise<void> {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unsupported database name "${name}"`);
  const connection = await createConnection({
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  });
  try {
    await connection.query(statement(name));
  } finally {
    await connection.end();
  }
}

/** Creates the database a mysql:// URL names if it does not exist (first starts, tests). */
export function ensureMysqlDatabase(url: string): Promise<void> {
  return onMysqlServer(url, (name) => `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
}

/** Drops the database a mysql:// URL names (tests clean up after themselves). */
export function dropMysqlDatabase(url: string): Promise<void> {
  return onMysqlServer(url, (name) => `DROP DATABASE IF EXISTS \`${name}\``);
}
