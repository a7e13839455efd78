import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropMysqlDatabase, ensureMysqlDatabase } from './database';

/** Where the tests' MariaDB lives; CI and dev machines have root with no password. */
export const TEST_MYSQL_SERVER = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export type TestStoreKind = 'sqlite' | 'mysql';

/** The store kinds the store suites run against: both, unless TEST_STORES narrows it. */
export const TEST_STORES: TestStoreKind[] = (process.env.TEST_STORES ?? 'sqlite,mysql')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is TestStoreKind => s === 'sqlite' || s === 'mysql');

export interface TestStoreLocation {
  kind: TestStoreKind;
  /** DATABASE_URL for mysql; undefined for sqlite. */
  url: string | undefined;
  /** DATA_DIR for sqlite. */
  dataDir: string;
  /** Drops the database or deletes the directory. */
  dispose(): Promise<void>;
}

/** A fresh, empty database of the given kind, private to one test file. */
export async function freshTestStore(kind: TestStoreKind, label: string): Promise<TestStoreLocation> {
  const dataDir = mkdtempSync(join(tmpdir(), `charla-${label}-`));
  if (kind === 'sqlite') {
    return { kind, url: undefined, dataDir, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `charla_test_${label.replace(/[^A-Za-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const url = `${TEST_MYSQL_SERVER.replace(/\/$/, '')}/${name}`;
  await ensureMysqlDatabase(url);
  return {
    kind,
    url,
    dataDir,
    dispose: async () => {
      await dropMysqlDatabase(url);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
