import type { SqlDriver } from './sql-driver.js';

/** Read-only outbox figures for metrics. */
export class OutboxStats {
  constructor(private readonly db: SqlDriver) {}

  /** created_at of the oldest pending operation, per router that has one. */
  oldestPending(): Promise<{ router: string; created_at: number }[]> {
    return this.db.all(
      "SELECT router, min(created_at) AS created_at FROM outbox WHERE state = 'pending' GROUP BY router",
    );
  }
}
