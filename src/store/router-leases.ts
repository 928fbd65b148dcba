import type { SqlDriver } from './sql-driver.js';

export interface LeaseRow {
  router: string;
  holder: string;
  /** Goes up by one each time another instance takes the router over. */
  token: number;
  expires_at: number;
  renewed_at: number;
}

/**
 * One writer per router: the instance holding a router's lease drives it. Times come from
 * the database clock (one clock for every instance, see SqlDriver.nowSql), so instances'
 * own clocks never decide who may write. A lease is taken only when free, expired, or
 * already ours; ON CONFLICT … DO UPDATE … WHERE is upsert syntax both SQLite (≥ 3.24,
 * https://sqlite.org/lang_upsert.html) and PostgreSQL (INSERT docs, "ON CONFLICT") accept.
 */
export class RouterLeases {
  constructor(private readonly db: SqlDriver) {}

  /** Takes or renews the lease for ttlMs; true when `holder` holds it now. */
  async acquire(router: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = this.db.nowSql;
    const changed = await this.db.run(
      `INSERT INTO router_leases (router, holder, token, expires_at, renewed_at)
       VALUES (?, ?, 1, ${now} + ?, ${now})
       ON CONFLICT (router) DO UPDATE SET
         token = CASE WHEN router_leases.holder = excluded.holder
                      THEN router_leases.token ELSE router_leases.token + 1 END,
         holder = excluded.holder, expires_at = excluded.expires_at,
         renewed_at = excluded.renewed_at
       WHERE router_leases.holder = excluded.holder OR router_leases.expires_at < excluded.renewed_at`,
      [router, holder, ttlMs],
    );
    return changed > 0;
  }

  /** Gives the router up at once (clean shutdown): another instance takes it without waiting. */
  async release(router: string, holder: string): Promise<void> {
    await this.db.run('DELETE FROM router_leases WHERE router = ? AND holder = ?', [
      router,
      holder,
    ]);
  }

  /** The router's lease while it is live (database clock); undefined when free or expired. */
  live(router: string): Promise<Pick<LeaseRow, 'holder' | 'expires_at'> | undefined> {
    return this.db.get(
      `SELECT holder, expires_at FROM router_leases
        WHERE router = ? AND expires_at >= ${this.db.nowSql}`,
      [router],
    );
  }

  /** Every lease, with whether it is still live by the database clock. */
  all(): Promise<(LeaseRow & { live: number })[]> {
    return this.db.all(
      `SELECT router, holder, token, expires_at, renewed_at,
              CASE WHEN expires_at >= ${this.db.nowSql} THEN 1 ELSE 0 END AS live
         FROM router_leases ORDER BY router`,
    );
  }
}
