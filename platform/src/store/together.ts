import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';

/**
 * How a transaction sends statements that need nothing from one another's results, answering
 * each one's result in order. A statement to MariaDB is a loopback round trip that wakes the
 * server and then this process; a hot path's statements go in as few as their dependencies
 * allow.
 */
export type Together = (trx: Runs, queries: readonly CompiledQuery[]) => Promise<QueryResult<unknown>[]>;

/** A transaction (or a connection) of any schema: running a compiled query does not depend on it. */
type Runs = Pick<Kysely<unknown>, 'executeQuery'>;

/** One after another: SQLite runs in this process, where a statement costs no round trip. */
export const oneByOne: Together = async (trx, queries) => {
  const results: QueryResult<unknown>[] = [];
  for (const query of queries) results.push(await trx.executeQuery(query));
  return results;
};

/** What mysql2 answers for one statement of several: a select's rows, or the header of a write. */
function resultOf(answer: unknown): QueryResult<unknown> {
  if (Array.isArray(answer)) return { rows: answer };
  const { affectedRows, insertId } = answer as { affectedRows?: number; insertId?: number };
  return {
    rows: [],
    numAffectedRows: affectedRows === undefined ? undefined : BigInt(affectedRows),
    insertId: insertId === undefined || insertId === 0 ? undefined : BigInt(insertId),
  };
}

/**
 * All in one query, so one round trip: for a MySQL connection opened with severalStatements
 * (openDatabase). The statements are Kysely's, their values escaped by mysql2 as for any other
 * query; the server stops at the first that fails, and the error rolls the transaction back.
 */
export const inOneQuery: Together = async (trx, queries) => {
  if (queries.length <= 1) return oneByOne(trx, queries);
  const query = CompiledQuery.raw(
    queries.map((q) => q.sql).join(';\n'),
    queries.flatMap((q) => q.parameters),
  );
  const { rows } = await trx.executeQuery(query);
  return (rows as unknown[]).map(resultOf);
};
