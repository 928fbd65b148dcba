import type { SqlDriver } from './sql-driver.js';

/**
 * New bans per reporting credential, in the database so that policy.max_new_bans_per_minute
 * holds across every instance sharing the store. Read and written inside the report
 * transaction (writers are serialised), so concurrent reports cannot both take the last slot.
 */
export class NewBans {
  constructor(private readonly db: SqlDriver) {}

  async since(credential: string, from: number): Promise<{ count: number; oldest: number | null }> {
    const row = await this.db.get<{ n: number; oldest: number | null }>(
      'SELECT count(*) AS n, min(at) AS oldest FROM new_bans WHERE credential = ? AND at > ?',
      [credential, from],
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
