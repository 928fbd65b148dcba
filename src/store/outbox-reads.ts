import type { OutboxOp } from './outbox.js';
import type { SqlDriver } from './sql-driver.js';

/** Read views of the outbox: one address's operations, a router's open operations. */
export class OutboxReads {
  constructor(private readonly db: SqlDriver) {}

  /** The newest operation per router for one key (routers without one are absent). */
  async latestForKey(key: string): Promise<Map<string, OutboxOp>> {
    const ops = await this.db.all<OutboxOp>(
      'SELECT * FROM outbox WHERE key = ? ORDER BY id DESC LIMIT 100',
      [key],
    );
    const latest = new Map<string, OutboxOp>();
    for (const op of ops) {
      if (!latest.has(op.router)) latest.set(op.router, op);
    }
    return latest;
  }

  /** Pending and failed operations of one router, newest first. */
  open(router: string, limit: number): Promise<OutboxOp[]> {
    return this.db.all<OutboxOp>(
      "SELECT * FROM outbox WHERE router = ? AND state IN ('pending', 'failed') ORDER BY id DESC LIMIT ?",
      [router, limit],
    );
  }
}
