import { inChunks, inList, inSlices, KEYS_PER_STATEMENT } from './multi-row.js';
import { purgeInBatches } from './purge-in-batches.js';
import type { SqlDriver } from './sql-driver.js';

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
  constructor(private readonly db: SqlDriver) {}

  enqueue(
    routers: readonly string[],
    op: 'add' | 'remove',
    key: string,
    family: 4 | 6,
    now: number,
  ): Promise<void> {
    return this.enqueueAll(routers, [{ op, key, family }], now);
  }

  /**
   * Queues each operation for every router, superseding what is pending for its key. One
   * operation per key (a later one for the same key would supersede it at once).
   */
  async enqueueAll(
    routers: readonly string[],
    ops: readonly { op: 'add' | 'remove'; key: string; family: 4 | 6 }[],
    now: number,
  ): Promise<void> {
    for (const router of routers) {
      await inChunks(ops, (chunk, list) =>
        this.db.run(
          `UPDATE outbox SET state = 'superseded', finished_at = ?
            WHERE router = ? AND state = 'pending' AND key IN (${list})`,
          [now, router, ...chunk.map((o) => o.key)],
        ),
      );
      await inSlices(ops, 7, (slice, values) =>
        this.db.run(
          `INSERT INTO outbox (router, op, key, family, created_at, state, next_attempt_at)
           VALUES ${values}`,
          slice.flatMap((o) => [router, o.op, o.key, o.family, now, 'pending', now]),
        ),
      );
    }
  }

  due(router: string, now: number, limit: number): Promise<OutboxOp[]> {
    return this.db.all<OutboxOp>(
      "SELECT * FROM outbox WHERE router = ? AND state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
      [router, now, limit],
    );
  }

  async nextDueAt(router: string): Promise<number | null> {
    const row = await this.db.get<{ at: number | null }>(
      "SELECT min(next_attempt_at) AS at FROM outbox WHERE router = ? AND state = 'pending'",
      [router],
    );
    return row?.at ?? null;
  }

  /** Marks these pending operations done (applied, or no longer needed). */
  async doneAll(ids: readonly number[], now: number): Promise<void> {
    await inChunks(ids, (chunk, list) =>
      this.db.run(
        `UPDATE outbox SET state = 'done', attempts = attempts + 1, finished_at = ?,
           last_code = NULL, last_error = NULL
          WHERE id IN (${list}) AND state = 'pending'`,
        [now, ...chunk],
      ),
    );
  }

  async retry(id: number, nextAttemptAt: number, code: string, message: string): Promise<void> {
    await this.db.run(
      "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_code = ?, last_error = ? WHERE id = ? AND state = 'pending'",
      [nextAttemptAt, code, message, id],
    );
  }

  async fail(id: number, now: number, code: string, message: string): Promise<void> {
    await this.db.run(
      "UPDATE outbox SET state = 'failed', attempts = attempts + 1, finished_at = ?, last_code = ?, last_error = ? WHERE id = ? AND state = 'pending'",
      [now, code, message, id],
    );
  }

  /** Which of `keys` have a removal queued for the router (an unban or expiry asked for it). */
  async pendingRemovals(router: string, keys: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    await inChunks(keys, async (chunk, list) => {
      const rows = await this.db.all<{ key: string }>(
        `SELECT key FROM outbox WHERE router = ? AND state = 'pending' AND op = 'remove' AND key IN (${list})`,
        [router, ...chunk],
      );
      for (const row of rows) found.add(row.key);
    });
    return found;
  }

  /** The newest op id for a router: a reconcile that read desired state after it covers it. */
  async maxId(router: string): Promise<number> {
    const row = await this.db.get<{ id: number }>(
      'SELECT coalesce(max(id), 0) AS id FROM outbox WHERE router = ?',
      [router],
    );
    return row?.id ?? 0;
  }

  /**
   * After a reconcile, pending ops up to `maxId` are already reflected, except for keys
   * whose reconcile write failed: those keep their own retries.
   */
  async settleUpTo(
    router: string,
    maxId: number,
    now: number,
    exceptKeys: readonly string[] = [],
  ): Promise<number> {
    if (exceptKeys.length <= KEYS_PER_STATEMENT) {
      const except =
        exceptKeys.length === 0 ? '' : ` AND key NOT IN (${inList(exceptKeys.length)})`;
      return this.db.run(
        `UPDATE outbox SET state = 'superseded', finished_at = ? WHERE router = ? AND state = 'pending' AND id <= ?${except}`,
        [now, router, maxId, ...exceptKeys],
      );
    }
    // More keys than one statement may bind (a reconcile whose guard held back tens of
    // thousands of removals): the ops to settle are picked here and settled by id, in chunks.
    const keep = new Set(exceptKeys);
    const rows = await this.db.all<{ id: number; key: string }>(
      "SELECT id, key FROM outbox WHERE router = ? AND state = 'pending' AND id <= ?",
      [router, maxId],
    );
    let settled = 0;
    await inChunks(
      rows.filter((r) => !keep.has(r.key)).map((r) => r.id),
      async (ids, list) => {
        settled += await this.db.run(
          `UPDATE outbox SET state = 'superseded', finished_at = ? WHERE state = 'pending' AND id IN (${list})`,
          [now, ...ids],
        );
      },
    );
    return settled;
  }

  async pending(router: string): Promise<number> {
    const row = await this.db.get<{ n: number }>(
      "SELECT count(*) AS n FROM outbox WHERE router = ? AND state = 'pending'",
      [router],
    );
    return row?.n ?? 0;
  }

  counts(): Promise<{ router: string; state: string; n: number }[]> {
    return this.db.all('SELECT router, state, count(*) AS n FROM outbox GROUP BY router, state');
  }

  /** Drops finished operations older than `before` (the audit trail keeps the history). */
  purgeFinished(before: number): Promise<number> {
    return purgeInBatches(this.db, 'outbox', "state != 'pending' AND finished_at < ?", [before]);
  }
}
