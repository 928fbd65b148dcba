import type { SqlDriver } from './sql-driver.js';

/**
 * New bans per reporting credential, in the database so that policy.max_new_bans_per_minute
 * holds across every instance sharing the store. Read and written inside the report
 * transaction (writers are serialised), so concurrent reports cannot both take the last slot.
 */
export class NewBans {
  constructor(private readonly db: SqlDriver) {}

  /**
   * This credential's new bans after `from`, and the oldest of them. Bounded work whatever the
   * limit: the credential's row count is kept by triggers (migration 6), less the rows at or
   * before `from` that record() has not deleted yet (at most one window's worth: it deletes
   * them at every new ban); the oldest is one index seek.
   */
  async since(credential: string, from: number): Promise<{ count: number; oldest: number | null }> {
    const row = await this.db.get<{ n: number; oldest: number | null }>(
      `SELECT coalesce((SELECT n FROM counts WHERE name = 'new_bans ' || ?), 0)
                - (SELECT count(*) FROM new_bans WHERE credential = ? AND at <= ?) AS n,
              (SELECT at FROM new_bans WHERE credential = ? AND at > ? ORDER BY at LIMIT 1) AS oldest`,
      [credential, credential, from, credential, from],
    );
    return { count: row?.n ?? 0, oldest: row?.oldest ?? null };
  }

  /** Records `count` new bans at `now` and forgets this credential's rows before `from`. */
  async record(credential: string, now: number, count: number, from: number): Promise<void> {
    await this.db.run('DELETE FROM new_bans WHERE credential = ? AND at <= ?', [credential, from]);
    for (let i = 0; i < count; i++) {
      await this.db.run('INSERT INTO new_bans (credential, at) VALUES (?, ?)', [credential, now]);
    }
  }
}
