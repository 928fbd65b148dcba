import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { GroupCommit, type BatchConnection } from './group-commit.js';
import { migrationsFor } from './migrations.js';
import type { SqlDriver } from './sql-driver.js';
import { guarded, storeUnavailable } from './store-unavailable.js';

/**
 * better-sqlite3 behind the async SqlDriver. One connection: transactions go through group
 * commit, and a statement outside a transaction waits for the one in flight (so it never
 * lands inside someone else's uncommitted work).
 *
 * The file is opened in WAL mode with synchronous=FULL, so that a committed transaction
 * survives a SIGKILL or power loss before we answer 2xx (https://sqlite.org/pragma.html
 * #pragma_synchronous), and a busy_timeout so the CLI and a running `serve` can write the
 * same file safely.
 */
export class SqliteDriver implements SqlDriver {
  readonly kind = 'sqlite';
  private readonly tx = new AsyncLocalStorage<true>();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly group: GroupCommit;

  private constructor(
    private readonly db: Database.Database,
    readonly location: string,
  ) {
    const conn: BatchConnection = {
      begin: () => guarded(() => void db.exec('BEGIN IMMEDIATE')),
      exec: (sql) => guarded(() => void db.exec(sql)),
      commit: () => guarded(() => void db.exec('COMMIT')),
      rollback: async () => {
        if (db.inTransaction) db.exec('ROLLBACK');
      },
      bind: (fn) => this.tx.run(true, fn),
      release: () => undefined,
    };
    this.group = new GroupCommit(async () => conn);
  }

  static open(path: string): SqliteDriver {
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      migrate(db);
      return new SqliteDriver(db, path);
    } catch (error) {
      throw storeUnavailable(error);
    }
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
   * Inside our transaction, or while none is open: now (one statement is atomic on its own).
   * While another caller's transaction is open: after it, so it never joins that work.
   */
  private exec<T>(fn: () => T): Promise<T> {
    if (this.inTransaction || !this.db.open || !this.db.inTransaction) return guarded(fn);
    return guarded(() => this.group.run(async () => fn()));
  }

  all<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return this.exec(() => this.prepare(sql).all(...params) as R[]);
  }

  get<R>(sql: string, params: readonly unknown[] = []): Promise<R | undefined> {
    return this.exec(() => this.prepare(sql).get(...params) as R | undefined);
  }

  run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.exec(() => this.prepare(sql).run(...params).changes);
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn();
    if (!this.db.open) return Promise.reject(storeUnavailable(new Error('closed')));
    return this.group.run(fn);
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
    if (this.db.open) this.db.close();
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
