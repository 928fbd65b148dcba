import type { SqlDriver } from './sql-driver.js';

/**
 * Rows one purge statement deletes at most. Lowering a retention (a year to a month, say) can
 * leave millions of rows to delete at once: in one statement that would hold the event loop
 * on SQLite for as long, and on PostgreSQL outlast the query timeout (postgres-driver.ts) and
 * fail every day without deleting anything. In statements of this many rows each one is short,
 * and what was deleted stays deleted if a later one fails.
 */
export const PURGE_BATCH = 5_000;

/**
 * Deletes the rows of `table` matching `where` (with `params`), PURGE_BATCH at a time, until
 * none is left; resolves to how many it deleted. `table` and `where` are our SQL, not input.
 */
export async function purgeInBatches(
  db: SqlDriver,
  table: 'audit' | 'outbox',
  where: string,
  params: readonly unknown[],
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await db.run(
      `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${where} LIMIT ${PURGE_BATCH})`,
      params,
    );
    total += deleted;
    if (deleted < PURGE_BATCH) return total;
  }
}
