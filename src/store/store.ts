import { AuditLog } from './audit.js';
import { BanTable } from './bans.js';
import { NewBans } from './new-bans.js';
import { Outbox } from './outbox.js';
import { PostgresDriver } from './postgres-driver.js';
import { RouterLeases } from './router-leases.js';
import { RouterStates } from './router-state.js';
import type { SqlDriver } from './sql-driver.js';
import { SqliteDriver } from './sqlite-driver.js';

/** Where the store lives: exactly one of a SQLite file or a PostgreSQL URL (config `store`). */
export type StoreLocation = { path: string } | { url: string };

/**
 * The only module with SQL: desired state, audit and outbox, on SQLite or PostgreSQL. The
 * pipeline, HTTP routes, CLI and worker use this class and never learn which.
 */
export class Store {
  readonly bans: BanTable;
  readonly audit: AuditLog;
  readonly outbox: Outbox;
  readonly routers: RouterStates;
  readonly newBans: NewBans;
  readonly leases: RouterLeases;

  constructor(readonly db: SqlDriver) {
    this.bans = new BanTable(db);
    this.audit = new AuditLog(db);
    this.outbox = new Outbox(db);
    this.routers = new RouterStates(db);
    this.newBans = new NewBans(db);
    this.leases = new RouterLeases(db);
  }

  static async open(location: StoreLocation | string): Promise<Store> {
    const where = typeof location === 'string' ? { path: location } : location;
    return new Store(
      'url' in where ? await PostgresDriver.open(where.url) : SqliteDriver.open(where.path),
    );
  }

  get kind(): 'sqlite' | 'postgres' {
    return this.db.kind;
  }

  /** Where the data lives, password removed. */
  get location(): string {
    return this.db.location;
  }

  /**
   * Runs fn in one transaction: committed (and flushed to disk) when the promise resolves.
   * Concurrent callers may share one commit; see group-commit.ts.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  /** Wakes the workers of every instance on this store (after a commit that queued work). */
  notifyQueued(): Promise<void> {
    return this.db.notifyQueued();
  }

  /** Calls fn when any instance queued router work; returns the unsubscribe. */
  onQueued(fn: () => void): () => void {
    return this.db.onQueued(fn);
  }

  /** Cheap liveness probe for /readyz. */
  ping(): Promise<boolean> {
    return this.db.ping();
  }

  get isOpen(): boolean {
    return this.db.isOpen;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
