/**
 * Group commit: transactions that arrive while one commit is in flight wait, then all of
 * them run, one after another, inside one database transaction, each in its own savepoint,
 * and share one COMMIT (one fsync on SQLite with synchronous=FULL, one WAL flush on
 * PostgreSQL). Each caller's promise settles only after that COMMIT: a resolved
 * transaction() is durable. A failing member rolls back to its savepoint and rejects alone;
 * a failing BEGIN or COMMIT rejects every member.
 */
export interface BatchConnection {
  begin(): Promise<void>;
  exec(sql: string): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Runs a member with its statements bound to this connection. */
  bind<T>(fn: () => Promise<T>): Promise<T>;
  release(failed: boolean): void;
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
      for (const member of batch) {
        if (batch.length === 1) {
          results.push({ ok: true, value: await conn.bind(member.fn) });
          continue;
        }
        await conn.exec('SAVEPOINT member');
        try {
          results.push({ ok: true, value: await conn.bind(member.fn) });
          await conn.exec('RELEASE SAVEPOINT member');
        } catch (error) {
          await conn.exec('ROLLBACK TO SAVEPOINT member');
          await conn.exec('RELEASE SAVEPOINT member');
          results.push({ ok: false, value: error });
        }
      }
      await conn.commit();
      conn.release(false);
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
