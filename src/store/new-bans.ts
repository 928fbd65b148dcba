import { inSlices } from './multi-row.js';
import type { SqlDriver } from './sql-driver.js';

/**
 * New bans per reporting credential, in the database so that policy.max_new_bans_per_minute
 * holds across every instance sharing the store. Read and written inside the report
 * transaction (writers are serialised), so concurrent reports cannot both take the last slot.
 */
/** Stale rows (before the window) gathered before record() deletes them: one statement per this many. */
const PURGE_AT = 64;

export class NewBans {
  constructor(private readonly db: SqlDriver) {}

  /**
   * This credential's new bans after `from`, the oldest of them, and how many of its rows at
   * or before `from` are still stored (`stale`). Bounded work whatever the limit: the
   * credential's row count is kept by triggers (migration 7), less the stale rows, which
   * record() deletes once PURGE_AT have gathered; the oldest is one index seek.
   */
  async since(
    credential: string,
    from: number,
  ): Promise<{ count: number; oldest: number | null; stale: number }> {
    const row = await this.db.get<{ n: number; stale: number; oldest: number | null }>(
      `SELECT coalesce((SELECT n FROM counts WHERE name = 'new_bans ' || ?), 0) AS n,
              (SELECT count(*) FROM new_bans WHERE credential = ? AND at <= ?) AS stale,
              (SELECT at FROM new_bans WHERE credential = ? AND at > ? ORDER BY at LIMIT 1) AS oldest`,
      [credential, credential, from, credential, from],
    );
    const stale = row?.stale ?? 0;
    return { count: (row?.n ?? 0) - stale, oldest: row?.oldest ?? null, stale };
  }

  /**
   * Records `count` new bans at `now`. This credential's rows at or before `from` are deleted
   * when `stale` (from since()) says PURGE_AT have gathered, or when it is not given.
   */
  async record(
    credential: string,
    now: number,
    count: number,
    from: number,
    stale?: number,
  ): Promise<void> {
    if (stale === undefined || stale >= PURGE_AT) {
      await this.db.run('DELETE FROM new_bans WHERE credential = ? AND at <= ?', [
        credential,
        from,
      ]);
    }
    await inSlices(new Array<number>(count).fill(now), 2, (slice, values) =>
      this.db.run(
        `INSERT INTO new_bans (credential, at) VALUES ${values}`,
        slice.flatMap((at) => [credential, at]),
      ),
    );
  }
}
