import { AuditLog } from './audit.js';
import { AuditReads } from './audit-reads.js';
import { BanSearch } from './ban-search.js';
import { BanTable } from './bans.js';
import { openDatabase, type Db } from './open-database.js';
import { Outbox } from './outbox.js';
import { OutboxReads } from './outbox-reads.js';
import { RouterStates } from './router-state.js';

/** The only module with SQL: one SQLite file holding desired state, audit and outbox. */
export class Store {
  readonly bans: BanTable;
  readonly audit: AuditLog;
  readonly outbox: Outbox;
  readonly routers: RouterStates;
  /** Read views for lookups and the operator console. */
  readonly banSearch: BanSearch;
  readonly auditReads: AuditReads;
  readonly outboxReads: OutboxReads;

  private constructor(private readonly db: Db) {
    this.bans = new BanTable(db);
    this.audit = new AuditLog(db);
    this.outbox = new Outbox(db);
    this.routers = new RouterStates(db);
    this.banSearch = new BanSearch(db);
    this.auditReads = new AuditReads(db);
    this.outboxReads = new OutboxReads(db);
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
