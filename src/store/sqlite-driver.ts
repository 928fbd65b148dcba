import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { BanbridgeError } from '../core/errors.js';
import { GroupCommit, type BatchConnection, type Combiner } from './group-commit.js';
import { migrationsFor, refuseNewer, requireCurrentSchema } from './migrations.js';
import type { SqlDriver } from './sql-driver.js';
import { guarded, storeUnavailable } from './store-unavailable.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import { WalFlush } from './wal-flush.js';
import { storableParams } from './text-params.js';

/**
 * better-sqlite3 behind the async SqlDriver. One connection: transactions go through group
 * commit, and a statement outside a transaction waits for the one in flight (so it never
 * lands inside someone else's uncommitted work).
 *
 * The file is opened in WAL mode with synchronous=NORMAL, and group commit awaits our own
 * fsync of the WAL (wal-flush.ts) after each COMMIT, before any member resolves: the sync that
 * FULL does inside COMMIT, done off the event loop. So a resolved transaction survives a
 * SIGKILL or power loss before we answer 2xx (https://sqlite.org/pragma.html
 * #pragma_synchronous). A busy_timeout lets the CLI and a running `serve` write the same
 * file safely.
 */
/**
 * One write lock per file for every connection in this process. better-sqlite3 blocks the
 * thread while it waits for SQLite's lock (busy_timeout), so a second connection in the same
 * process (the CLI run in-process, tests) waiting on a transaction the first one holds across
 * an await would wait for a commit that cannot happen until it gives up.
 */
class FileLock {
  private static readonly byPath = new Map<string, FileLock>();
  locked = false;
  private readonly waiters: (() => void)[] = [];

  static for(path: string): FileLock {
    if (path === ':memory:') return new FileLock();
    let lock = FileLock.byPath.get(path);
    if (lock === undefined) {
      lock = new FileLock();
      FileLock.byPath.set(path, lock);
    }
    return lock;
  }

  async acquire(): Promise<void> {
    while (this.locked) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.locked = true;
  }

  release(): void {
    this.locked = false;
    this.waiters.shift()?.();
  }
}

export class SqliteDriver implements SqlDriver {
  readonly kind = 'sqlite';
  private readonly tx = new AsyncLocalStorage<true>();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly group: GroupCommit;
  private readonly lock: FileLock;
  /** Undefined for `:memory:` (nothing to flush). */
  private readonly wal: WalFlush | undefined;
  private writeCheck: (() => string | undefined) | undefined;
  private checkpointer: WalCheckpointer | undefined;

  private constructor(
    private readonly db: Database.Database,
    readonly location: string,
  ) {
    this.lock = FileLock.for(location);
    const wal = location === ':memory:' ? undefined : new WalFlush(`${location}-wal`);
    this.wal = wal;
    const conn: BatchConnection = {
      begin: async () => {
        // released by release(), which group commit calls after COMMIT or ROLLBACK
        await this.lock.acquire();
        const problem = this.writeCheck?.();
        if (problem !== undefined) throw new BanbridgeError('STORE_UNAVAILABLE', problem);
        await guarded(() => void db.exec('BEGIN IMMEDIATE'));
      },
      exec: (sql) => guarded(() => void db.exec(sql)),
      commit: () => guarded(() => void db.exec('COMMIT')),
      rollback: async () => {
        if (db.inTransaction) db.exec('ROLLBACK');
      },
      bind: (fn) => this.tx.run(true, fn),
      release: () => this.lock.release(),
      ...(wal === undefined ? {} : { durable: () => guarded(() => wal.flush()) }),
    };
    this.group = new GroupCommit(async () => conn);
  }

  /**
   * `upgrade: false` uses the file as it is: it must exist and hold the current schema
   * (requireCurrentSchema), checked before anything is written to it.
   */
  static open(path: string, options: { upgrade?: boolean } = {}): SqliteDriver {
    try {
      const upgrade = options.upgrade ?? true;
      if (upgrade && path !== ':memory:') {
        mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
      }
      const db = new Database(path, { fileMustExist: !upgrade });
      // Checked before anything is written: a store used as it is must hold the current
      // schema, and a newer banbridge's store is left exactly as it is.
      try {
        const version = db.pragma('user_version', { simple: true }) as number;
        if (upgrade) refuseNewer(version);
        else requireCurrentSchema('sqlite', version, path);
      } catch (error) {
        db.close();
        throw error;
      }
      // Switching a file to WAL rewrites its header: a store used as it is keeps its mode
      // (a `VACUUM INTO` copy, for one, is in rollback-journal mode).
      if (upgrade) db.pragma('journal_mode = WAL');
      // Durable at every resolved transaction all the same: see wal-flush.ts.
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      if (upgrade) migrate(db);
      // The statement journal (what lets one statement, or one group-commit member's
      // savepoint, roll back alone; https://sqlite.org/tempfiles.html section 2.5) spills to
      // a temporary file once it passes 64 KiB, which a batch of reports does: a file
      // created, written and deleted per batch, on the event loop. With temp_store = MEMORY
      // it stays in memory (SQLite 3.53 pager.c openSubJournal: subjInMemory, from
      // sqlite3TempInMemory; https://sqlite.org/pragma.html#pragma_temp_store); it holds the
      // pages one batch changes, at most. Sorts stay in memory too, so every query of ours
      // sorts a bounded set: an index gives the order, LIMIT caps it, or (the activity
      // chart, audit-reads.ts) it groups one hour at a time. Set after the migrations, whose
      // index builds over a large table may spill to files.
      db.pragma('temp_store = MEMORY');
      return new SqliteDriver(db, path);
    } catch (error) {
      throw storeUnavailable(error);
    }
  }

  /**
   * `check` runs as each batch of transactions begins; a problem it names refuses the whole
   * batch with STORE_UNAVAILABLE (Store: the file at store.path is no longer the one opened).
   */
  checkBeforeWrites(check: () => string | undefined): void {
    this.writeCheck = check;
  }

  /**
   * Moves WAL checkpoints off the event loop (wal-checkpointer.ts), for a long-running,
   * busy writer: `serve`. A no-op for `:memory:` or when already running.
   */
  checkpointInBackground(): void {
    if (this.wal === undefined || this.checkpointer !== undefined || !this.db.open) return;
    this.db.pragma(`wal_autocheckpoint = ${WalCheckpointer.AUTOCHECKPOINT_PAGES}`);
    this.checkpointer = WalCheckpointer.start(this.location, () => {
      if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
    });
  }

  get inTransaction(): boolean {
    return this.tx.getStore() === true;
  }

  private prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /**
   * Inside our transaction, or while none is open in this process: now (one statement is
   * atomic on its own). Otherwise after that transaction, so it never joins that work: it
   * waits for the write lock and runs outside any transaction (a read needs no BEGIN, COMMIT
   * or flush, and is not refused by the checks a batch of writes begins with).
   */
  private exec<T>(fn: () => T): Promise<T> {
    if (this.inTransaction || !this.db.open || !this.lock.locked) {
      // guarded() without its async frame: better-sqlite3 runs the statement synchronously.
      try {
        return Promise.resolve(fn());
      } catch (error) {
        return Promise.reject(storeUnavailable(error));
      }
    }
    return guarded(async () => {
      await this.lock.acquire();
      try {
        return fn();
      } finally {
        this.lock.release();
      }
    });
  }

  all<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return this.exec(() => this.prepare(sql).all(...storableParams(params)) as R[]);
  }

  get<R>(sql: string, params: readonly unknown[] = []): Promise<R | undefined> {
    return this.exec(() => this.prepare(sql).get(...storableParams(params)) as R | undefined);
  }

  run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.exec(() => this.prepare(sql).run(...storableParams(params)).changes);
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn();
    if (!this.db.open) return Promise.reject(storeUnavailable(new Error('closed')));
    return this.group.run(fn);
  }
  combined<I, R>(combine: Combiner<I, R>, item: I): Promise<R> {
    if (this.inTransaction) return combine([item]).then((results) => results[0] as R);
    if (!this.db.open) return Promise.reject(storeUnavailable(new Error('closed')));
    return this.group.combined(combine, item);
  }

  readonly nowSql = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
  readonly likeAnyCase = 'LIKE';
  /** TEXT columns compare with BINARY unless declared otherwise. */
  readonly binaryCollation = '';

  stringAgg(expression: string, separator: string): string {
    return `group_concat(${expression}, ${separator})`;
  }

  /** One `serve` per SQLite file: its own pipeline wakes its workers directly. */
  async notifyQueued(): Promise<void> {}

  onQueued(): () => void {
    return () => undefined;
  }

  /** One `serve` per file, seen by its serve lock (serve-lock.ts), not here. */
  async servesConnected(): Promise<string[]> {
    return [];
  }

  async ping(): Promise<boolean> {
    try {
      return this.db.prepare('SELECT 1').pluck().get() === 1;
    } catch {
      return false;
    }
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  async close(): Promise<void> {
    // Closing the last connection checkpoints and deletes the WAL: let a flush finish first.
    await this.wal?.idle();
    this.wal?.close();
    if (this.db.open) this.db.close();
    // Then the checkpointer's connection, the last one: it checkpoints and deletes the WAL.
    await this.checkpointer?.stop();
  }
}

/** PRAGMA user_version records the last applied migration. */
function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = migrationsFor('sqlite', current);
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
