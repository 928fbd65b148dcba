import type { Db } from './open-database.js';

export interface OutboxOp {
  id: number;
  router: string;
  op: 'add' | 'remove';
  key: string;
  family: 4 | 6;
  created_at: number;
  state: 'pending' | 'done' | 'failed' | 'superseded';
  attempts: number;
  next_attempt_at: number;
  last_code: string | null;
  last_error: string | null;
  finished_at: number | null;
}

/**
 * Per-router operations. At most one op per (router, key) is pending: a newer op supersedes
 * an older pending one, so operations on the same key apply in the order they were decided.
 */
export class Outbox {
  private readonly supersedeStmt;
  private readonly insertStmt;
  private readonly dueStmt;
  private readonly nextDueStmt;
  private readonly doneStmt;
  private readonly retryStmt;
  private readonly failStmt;
  private readonly countsStmt;
  private readonly purgeStmt;
  private readonly maxIdStmt;
  private readonly settleStmt;
  private readonly pendingStmt;

  constructor(db: Db) {
    this.supersedeStmt = db.prepare(
      "UPDATE outbox SET state = 'superseded', finished_at = ? WHERE router = ? AND key = ? AND state = 'pending'",
    );
    this.insertStmt = db.prepare(
      "INSERT INTO outbox (router, op, key, family, created_at, state, next_attempt_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)",
    );
    this.dueStmt = db.prepare(
      "SELECT * FROM outbox WHERE router = ? AND state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
    );
    this.nextDueStmt = db
      .prepare("SELECT min(next_attempt_at) FROM outbox WHERE router = ? AND state = 'pending'")
      .pluck();
    this.doneStmt = db.prepare(
      "UPDATE outbox SET state = 'done', attempts = attempts + 1, finished_at = ?, last_code = NULL, last_error = NULL WHERE id = ? AND state = 'pending'",
    );
    this.retryStmt = db.prepare(
      "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_code = ?, last_error = ? WHERE id = ? AND state = 'pending'",
    );
    this.failStmt = db.prepare(
      "UPDATE outbox SET state = 'failed', attempts = attempts + 1, finished_at = ?, last_code = ?, last_error = ? WHERE id = ? AND state = 'pending'",
    );
    this.countsStmt = db.prepare(
      'SELECT router, state, count(*) AS n FROM outbox GROUP BY router, state',
    );
    this.purgeStmt = db.prepare("DELETE FROM outbox WHERE state != 'pending' AND finished_at < ?");
    this.maxIdStmt = db.prepare('SELECT coalesce(max(id), 0) FROM outbox WHERE router = ?').pluck();
    this.settleStmt = db.prepare(
      "UPDATE outbox SET state = 'superseded', finished_at = ? WHERE router = ? AND state = 'pending' AND id <= ? AND key NOT IN (SELECT value FROM json_each(?))",
    );
    this.pendingStmt = db
      .prepare("SELECT count(*) FROM outbox WHERE router = ? AND state = 'pending'")
      .pluck();
  }

  enqueue(
    routers: readonly string[],
    op: 'add' | 'remove',
    key: string,
    family: 4 | 6,
    now: number,
  ): void {
    for (const router of routers) {
      this.supersedeStmt.run(now, router, key);
      this.insertStmt.run(router, op, key, family, now, now);
    }
  }

  due(router: string, now: number, limit: number): OutboxOp[] {
    return this.dueStmt.all(router, now, limit) as OutboxOp[];
  }

  nextDueAt(router: string): number | null {
    return (this.nextDueStmt.get(router) as number | null) ?? null;
  }

  done(id: number, now: number): void {
    this.doneStmt.run(now, id);
  }

  retry(id: number, nextAttemptAt: number, code: string, message: string): void {
    this.retryStmt.run(nextAttemptAt, code, message, id);
  }

  fail(id: number, now: number, code: string, message: string): void {
    this.failStmt.run(now, code, message, id);
  }

  /** The newest op id for a router: a reconcile that read desired state after it covers it. */
  maxId(router: string): number {
    return this.maxIdStmt.get(router) as number;
  }

  /**
   * After a reconcile, pending ops up to `maxId` are already reflected, except for keys
   * whose reconcile write failed: those keep their own retries.
   */
  settleUpTo(
    router: string,
    maxId: number,
    now: number,
    exceptKeys: readonly string[] = [],
  ): number {
    return this.settleStmt.run(now, router, maxId, JSON.stringify(exceptKeys)).changes;
  }

  pending(router: string): number {
    return this.pendingStmt.get(router) as number;
  }

  counts(): { router: string; state: string; n: number }[] {
    return this.countsStmt.all() as { router: string; state: string; n: number }[];
  }

  /** Drops finished operations older than `before` (the audit trail keeps the history). */
  purgeFinished(before: number): number {
    return this.purgeStmt.run(before).changes;
  }
}
