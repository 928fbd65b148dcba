import type { Db } from './open-database.js';

/** Read-only outbox figures for metrics. */
export class OutboxStats {
  private readonly oldestStmt;

  constructor(db: Db) {
    this.oldestStmt = db.prepare(
      "SELECT router, min(created_at) AS created_at FROM outbox WHERE state = 'pending' GROUP BY router",
    );
  }

  /** created_at of the oldest pending operation, per router that has one. */
  oldestPending(): { router: string; created_at: number }[] {
    return this.oldestStmt.all() as { router: string; created_at: number }[];
  }
}
