import type { Db } from './open-database.js';
import type { OutboxOp } from './outbox.js';

/** Read views of the outbox: one address's operations, a router's open operations. */
export class OutboxReads {
  private readonly forKeyStmt;
  private readonly openStmt;

  constructor(db: Db) {
    this.forKeyStmt = db.prepare('SELECT * FROM outbox WHERE key = ? ORDER BY id DESC LIMIT 100');
    this.openStmt = db.prepare(
      "SELECT * FROM outbox WHERE router = ? AND state IN ('pending', 'failed') ORDER BY id DESC LIMIT ?",
    );
  }

  /** The newest operation per router for one key (routers without one are absent). */
  latestForKey(key: string): Map<string, OutboxOp> {
    const latest = new Map<string, OutboxOp>();
    for (const op of this.forKeyStmt.all(key) as OutboxOp[]) {
      if (!latest.has(op.router)) latest.set(op.router, op);
    }
    return latest;
  }

  /** Pending and failed operations of one router, newest first. */
  open(router: string, limit: number): OutboxOp[] {
    return this.openStmt.all(router, limit) as OutboxOp[];
  }
}
