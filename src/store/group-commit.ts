/**
 * Group commit: transactions that arrive while one commit is in flight wait, then all of
 * them run, one after another, inside one database transaction, each in its own savepoint,
 * and share one COMMIT and one flush to disk (an fsync of the WAL on SQLite, a WAL flush on
 * PostgreSQL). A failing member rolls back to its savepoint and rejects alone; a failing
 * BEGIN, COMMIT or flush rejects every member.
 *
 * What holds for every caller (and so for every 2xx the HTTP layer sends after one):
 * - a resolved transaction() is committed and on disk: on SQLite (WAL mode,
 *   synchronous=NORMAL) the WAL holding the commit was fsynced after COMMIT (durable(),
 *   wal-flush.ts), which is what synchronous=FULL adds
 *   (https://sqlite.org/pragma.html#pragma_synchronous); on PostgreSQL COMMIT returns after
 *   the commit record is flushed (synchronous_commit on, the default,
 *   https://www.postgresql.org/docs/15/runtime-config-wal.html#GUC-SYNCHRONOUS-COMMIT);
 * - between that COMMIT and its flush, another connection (or a read outside a transaction)
 *   may already see the batch on SQLite; nothing is answered on it until the flush is done;
 * - it resolves with exactly its own writes, all of them: another member's failure never
 *   removes them, and its own failure leaves nothing behind;
 * - a rejected transaction() wrote nothing that stays (rolled back to its savepoint, or the
 *   whole batch rolled back).
 */
export interface BatchConnection {
  begin(): Promise<void>;
  exec(sql: string): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Runs a member with its statements bound to this connection. */
  bind<T>(fn: () => Promise<T>): Promise<T>;
  release(failed: boolean): void;
  /**
   * Where COMMIT returns before the commit is on disk (SQLite with synchronous=NORMAL): makes
   * every commit so far durable. Absent where COMMIT itself is durable (PostgreSQL).
   */
  durable?(): Promise<void>;
}

interface Member {
  fn: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit {
  private queue: Member[] = [];
  private running = false;

  constructor(
    private readonly connect: () => Promise<BatchConnection>,
    private readonly maxBatch = 256,
  ) {}

  run<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (this.running) return;
      this.running = true;
      // Start on the next check phase, not now: requests whose bodies arrived in the same
      // poll phase reach here first and join this batch (better-sqlite3 blocks the thread
      // while it commits, so nothing could join a batch started synchronously).
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.runBatch(batch);
      }
    } finally {
      this.running = false;
    }
  }

  private async runBatch(batch: Member[]): Promise<void> {
    let conn: BatchConnection | undefined;
    const results: { ok: boolean; value: unknown }[] = [];
    try {
      conn = await this.connect();
      await conn.begin();
      // One statement text per step between members (a round trip each on PostgreSQL). The
      // last member's savepoint is not released: COMMIT commits the changes made under
      // savepoints still open (SQLite: https://sqlite.org/lang_savepoint.html; PostgreSQL:
      // the example of https://www.postgresql.org/docs/15/sql-savepoint.html commits with one
      // open).
      let open = false;
      for (const member of batch) {
        if (batch.length === 1) {
          results.push({ ok: true, value: await conn.bind(member.fn) });
          continue;
        }
        await conn.exec(open ? 'RELEASE SAVEPOINT member; SAVEPOINT member' : 'SAVEPOINT member');
        open = true;
        try {
          results.push({ ok: true, value: await conn.bind(member.fn) });
        } catch (error) {
          await conn.exec('ROLLBACK TO SAVEPOINT member; RELEASE SAVEPOINT member');
          open = false;
          results.push({ ok: false, value: error });
        }
      }
      await conn.commit();
      conn.release(false);
      // Before any member settles, and before the next batch begins: the event loop reads
      // requests meanwhile, and they all join that batch.
      if (conn.durable !== undefined) await conn.durable();
    } catch (error) {
      if (conn !== undefined) {
        await conn.rollback().catch(() => undefined);
        conn.release(true);
      }
      for (const member of batch) member.reject(error);
      return;
    }
    batch.forEach((member, i) => {
      const r = results[i] as { ok: boolean; value: unknown };
      if (r.ok) member.resolve(r.value);
      else member.reject(r.value);
    });
  }
}
