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
 *
 * Combined members (combined()): the items of consecutive members that name the same combiner
 * are passed to one call of it, in one savepoint, so the combiner can read and write
 * them with one statement per table instead of one per item. The guarantees above hold per
 * item: if that call fails, each item is run again alone, in its own savepoint, and only the
 * items that fail alone are rejected.
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

/** Runs items of concurrent callers together; answers one result per item, in order. */
export type Combiner<I, R> = (items: I[]) => Promise<R[]>;

interface Member {
  fn?: () => Promise<unknown>;
  combine?: Combiner<unknown, unknown>;
  item?: unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** What runs in one savepoint: a transaction, or the members sharing a combiner. */
type Unit =
  | { fn: () => Promise<unknown>; members: [Member] }
  | { combine: Combiner<unknown, unknown>; members: Member[] };

/**
 * Members in arrival order; a member naming the combiner of the one before it joins it, so
 * work still runs in the order it arrived (a plain transaction between two reports stays
 * between them).
 */
function unitsOf(batch: readonly Member[]): Unit[] {
  const units: Unit[] = [];
  for (const member of batch) {
    if (member.combine === undefined) {
      units.push({ fn: member.fn as () => Promise<unknown>, members: [member] });
      continue;
    }
    const last = units.at(-1);
    if (last !== undefined && 'combine' in last && last.combine === member.combine) {
      last.members.push(member);
    } else {
      units.push({ combine: member.combine, members: [member] });
    }
  }
  return units;
}

export class GroupCommit {
  private queue: Member[] = [];
  private running = false;

  constructor(
    private readonly connect: () => Promise<BatchConnection>,
    private readonly maxBatch = 256,
  ) {}

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.enqueue<T>({ fn });
  }

  /** `item` is run by one call of `combine` together with the other members naming it. */
  combined<I, R>(combine: Combiner<I, R>, item: I): Promise<R> {
    return this.enqueue<R>({ combine: combine as Combiner<unknown, unknown>, item });
  }

  private enqueue<T>(work: Pick<Member, 'fn' | 'combine' | 'item'>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ ...work, resolve: resolve as (v: unknown) => void, reject });
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
    let released = false;
    const results = new Map<Member, { ok: boolean; value: unknown }>();
    const units = unitsOf(batch);
    try {
      conn = await this.connect();
      await conn.begin();
      // One statement text per step between savepoints (a round trip each on PostgreSQL). The
      // last savepoint is not released: COMMIT commits the changes made under savepoints
      // still open (SQLite: https://sqlite.org/lang_savepoint.html; PostgreSQL: the example
      // of https://www.postgresql.org/docs/15/sql-savepoint.html commits with one open).
      const step = new Savepoints(conn, batch.length === 1);
      for (const unit of units) {
        if ('fn' in unit) {
          const [member] = unit.members;
          results.set(member, await step.run(unit.fn));
          continue;
        }
        const together = await step.run(() => unit.combine(unit.members.map((m) => m.item)));
        if (together.ok) {
          const values = together.value as unknown[];
          unit.members.forEach((m, i) => results.set(m, { ok: true, value: values[i] }));
          continue;
        }
        // Alone, so that only what fails alone fails.
        for (const member of unit.members) {
          const alone =
            unit.members.length === 1
              ? together
              : await step.run(() => unit.combine([member.item]));
          results.set(
            member,
            alone.ok ? { ok: true, value: (alone.value as unknown[])[0] } : alone,
          );
        }
      }
      await conn.commit();
      conn.release(false);
      released = true;
      // Before any member settles, and before the next batch begins: the event loop reads
      // requests meanwhile, and they all join that batch.
      if (conn.durable !== undefined) await conn.durable();
    } catch (error) {
      if (conn !== undefined && !released) {
        await conn.rollback().catch(() => undefined);
        conn.release(true);
      }
      for (const member of batch) member.reject(error);
      return;
    }
    for (const member of batch) {
      const r = results.get(member) as { ok: boolean; value: unknown };
      if (r.ok) member.resolve(r.value);
      else member.reject(r.value);
    }
  }
}

/** Runs each piece of a batch in its own savepoint (none when the batch is one member). */
class Savepoints {
  private open = false;

  constructor(
    private readonly conn: BatchConnection,
    private readonly single: boolean,
  ) {}

  async run(fn: () => Promise<unknown>): Promise<{ ok: boolean; value: unknown }> {
    if (this.single) return { ok: true, value: await this.conn.bind(fn) };
    await this.conn.exec(
      this.open ? 'RELEASE SAVEPOINT member; SAVEPOINT member' : 'SAVEPOINT member',
    );
    this.open = true;
    try {
      return { ok: true, value: await this.conn.bind(fn) };
    } catch (error) {
      await this.conn.exec('ROLLBACK TO SAVEPOINT member; RELEASE SAVEPOINT member');
      this.open = false;
      return { ok: false, value: error };
    }
  }
}
