import { Migrator, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './database';

/** A versioned schema change. Migrations are named NNNN_what and run in name order. */
export interface SchemaMigration {
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

/**
 * Brings the schema up to date at start-up. Kysely's migrator records what ran in
 * kysely_migration and takes a lock, so replicas starting together do not race.
 */
export async function migrate(db: Kysely<any>, dialect: Dialect, migrations: Record<string, SchemaMigration>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          Object.entries(migrations).map(([name, m]): [string, Migration] => [name, { up: (d) => m.up(d, dialect) }]),
        ),
    },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
