import type { AuditRow } from './audit.js';
import type { SqlDriver } from './sql-driver.js';

export interface HourlyCount {
  /** Start of the hour, epoch ms. */
  hour: number;
  credential: string;
  n: number;
}

/** Read views of the audit trail for lookups and the activity page (indexes: migration 4). */
export class AuditReads {
  constructor(private readonly db: SqlDriver) {}

  /** Every audit row about an address: by its key, or by the text a detector sent. */
  forAddress(key: string, text: string, limit: number): Promise<AuditRow[]> {
    // A refused report has no key (it never parsed to one), so the text sent is searched too.
    return this.db.all<AuditRow>(
      'SELECT * FROM audit WHERE key = ? OR ip = ? OR ip = ? ORDER BY id DESC LIMIT ?',
      [key, key, text, limit],
    );
  }

  /** The newest decisions first; `beforeId` pages further back. */
  latest(limit: number, beforeId?: number): Promise<AuditRow[]> {
    return beforeId === undefined
      ? this.db.all<AuditRow>('SELECT * FROM audit ORDER BY id DESC LIMIT ?', [limit])
      : this.db.all<AuditRow>('SELECT * FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?', [
          beforeId,
          limit,
        ]);
  }

  /**
   * Accepted reports per hour and reporting credential from `since` to `until`. One query per
   * hour: grouping a week at once has no index order to follow, so SQLite would sort every
   * accepted report of the week (in memory, with temp_store = MEMORY); an hour's reports are
   * what one sort holds here.
   */
  async acceptedPerHour(since: number, until: number): Promise<HourlyCount[]> {
    const counts: HourlyCount[] = [];
    for (let hour = Math.floor(since / HOUR) * HOUR; hour <= until; hour += HOUR) {
      const rows = await this.db.all<{ credential: string; n: number }>(
        `SELECT credential, count(*) AS n FROM audit
          WHERE at >= ? AND at < ? AND action = 'report' AND outcome = 'accepted'
          GROUP BY credential ORDER BY credential`,
        [Math.max(since, hour), hour + HOUR],
      );
      for (const row of rows) counts.push({ hour, credential: row.credential, n: Number(row.n) });
    }
    return counts;
  }
}

const HOUR = 3_600_000;
