import { AuditLog } from './audit.js';
import { BanTable } from './bans.js';
import { openDatabase, type Db } from './open-database.js';
import { Outbox } from './outbox.js';
import { RouterStates } from './router-state.js';

/** The only module with SQL: one SQLite file holding desired state, audit and outbox. */
export class Store {
  readonly bans: BanTable;
  readonly audit: AuditLog;
  readonly outbox: Outbox;
  readonly routers: RouterStates;

  private constructor(private readonly db: Db) {
    this.bans = new BanTable(db);
    this.audit = new AuditLog(db);
    this.outbox = new Outbox(db);
    this.routers = new RouterStates(db);
  }

  static open(path: string): Store {
    return new Store(openDatabase(path));
  }

  /** Runs fn in one IMMEDIATE transaction: committed (and fsynced) when it returns. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Cheap liveness probe for /readyz. */
  ping(): boolean {
    try {
      return this.db.prepare('SELECT 1').pluck().get() === 1;
    } catch {
      return false;
    }
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
