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

  /** Accepted reports per hour and reporting credential since `since`. */
  acceptedPerHour(since: number): Promise<HourlyCount[]> {
    return this.db.all<HourlyCount>(
      `SELECT (at / 3600000) * 3600000 AS hour, credential, count(*) AS n FROM audit
       WHERE at >= ? AND action = 'report' AND outcome = 'accepted'
       GROUP BY hour, credential ORDER BY hour`,
      [since],
    );
  }
}
