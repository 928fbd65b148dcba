import type { AuditRow } from './audit.js';
import type { Db } from './open-database.js';

export interface HourlyCount {
  /** Start of the hour, epoch ms. */
  hour: number;
  credential: string;
  n: number;
}

/** Read views of the audit trail for lookups and the activity page (indexes: migration 4). */
export class AuditReads {
  private readonly forAddressStmt;
  private readonly latestStmt;
  private readonly latestBeforeStmt;
  private readonly hourlyStmt;

  constructor(db: Db) {
    // A refused report has no key (it never parsed to one), so the text sent is searched too.
    this.forAddressStmt = db.prepare(
      'SELECT * FROM audit WHERE key = @key OR ip = @key OR ip = @text ORDER BY id DESC LIMIT @limit',
    );
    this.latestStmt = db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?');
    this.latestBeforeStmt = db.prepare('SELECT * FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?');
    this.hourlyStmt = db.prepare(`
      SELECT (at / 3600000) * 3600000 AS hour, credential, count(*) AS n FROM audit
      WHERE at >= ? AND action = 'report' AND outcome = 'accepted'
      GROUP BY hour, credential ORDER BY hour`);
  }

  /** Every audit row about an address: by its key, or by the text a detector sent. */
  forAddress(key: string, text: string, limit: number): AuditRow[] {
    return this.forAddressStmt.all({ key, text, limit }) as AuditRow[];
  }

  /** The newest decisions first; `beforeId` pages further back. */
  latest(limit: number, beforeId?: number): AuditRow[] {
    return (
      beforeId === undefined
        ? this.latestStmt.all(limit)
        : this.latestBeforeStmt.all(beforeId, limit)
    ) as AuditRow[];
  }

  /** Accepted reports per hour and reporting credential since `since`. */
  acceptedPerHour(since: number): HourlyCount[] {
    return this.hourlyStmt.all(since) as HourlyCount[];
  }
}
