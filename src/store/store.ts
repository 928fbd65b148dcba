import { BanbridgeError } from '../core/errors.js';
import { AuditLog } from './audit.js';
import { AuditReads } from './audit-reads.js';
import { BanSearch } from './ban-search.js';
import { BanTable } from './bans.js';
import { fileChange, fileIdentity, type FileIdentity } from './file-identity.js';
import { openDatabase, type Db } from './open-database.js';
import { Outbox } from './outbox.js';
import { OutboxStats } from './outbox-stats.js';
import { OutboxReads } from './outbox-reads.js';
import { RouterStates } from './router-state.js';

/** SQLite result codes that mean the file cannot take writes (not a busy or constraint error). */
const CANNOT_WRITE = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB)/;

/** The only module with SQL: one SQLite file holding desired state, audit and outbox. */
export class Store {
  readonly bans: BanTable;
  readonly audit: AuditLog;
  readonly outbox: Outbox;
  readonly outboxStats: OutboxStats;
  readonly routers: RouterStates;
  /** Read views for lookups and the operator console. */
  readonly banSearch: BanSearch;
  readonly auditReads: AuditReads;
  readonly outboxReads: OutboxReads;

  private lastWriteFailure: string | undefined;
  private lastProbeOkAt = -Infinity;

  private constructor(
    private readonly db: Db,
    readonly path: string,
    private readonly identity: FileIdentity | undefined,
  ) {
    this.bans = new BanTable(db);
    this.audit = new AuditLog(db);
    this.outbox = new Outbox(db);
    this.outboxStats = new OutboxStats(db);
    this.routers = new RouterStates(db);
    this.banSearch = new BanSearch(db);
    this.auditReads = new AuditReads(db);
    this.outboxReads = new OutboxReads(db);
  }

  /**
   * Opens the store at `path`. With `create: false` (read-only commands such as list and
   * status) a missing file is STORE_MISSING instead of a new empty store.
   */
  static open(path: string, options: { create?: boolean } = {}): Store {
    const memory = path === ':memory:';
    if (!memory && options.create === false && fileIdentity(path) === undefined) {
      throw new BanbridgeError(
        'STORE_MISSING',
        `there is no store at ${path} (store.path) yet; banbridge serve or banbridge ban ` +
          'creates it — check that this is the config the service uses',
      );
    }
    const db = openDatabase(path);
    return new Store(db, path, memory ? undefined : fileIdentity(path));
  }

  /**
   * Runs fn in one IMMEDIATE transaction: committed (and fsynced) when it returns. Refused
   * with STORE_UNAVAILABLE when the file at store.path is no longer the one opened.
   */
  transaction<T>(fn: () => T): T {
    const moved = this.fileProblem();
    if (moved !== undefined) throw new BanbridgeError('STORE_UNAVAILABLE', moved);
    try {
      const result = this.db.transaction(fn).immediate();
      this.lastWriteFailure = undefined;
      return result;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && CANNOT_WRITE.test(code)) this.lastWriteFailure = code;
      throw error;
    }
  }

  /**
   * Whether the store can take writes now: the file at store.path is still the one opened, no
   * write transaction failed since the last success, and a real committed write with room for
   * a report (64 KiB into store_probe, fsynced) succeeds — disk full fails it. The probe runs
   * at most once a second (an unauthenticated /readyz must not become an fsync flood).
   * Undefined when healthy, else what is wrong, for /readyz and its log line.
   */
  writeProblem(now: number): string | undefined {
    const moved = this.fileProblem();
    if (moved !== undefined) return moved;
    if (
      this.lastWriteFailure === undefined &&
      now - this.lastProbeOkAt < 1000 &&
      now >= this.lastProbeOkAt
    ) {
      return undefined;
    }
    try {
      this.db
        .transaction(() => {
          this.db
            .prepare(
              'INSERT OR REPLACE INTO store_probe (id, at, room) VALUES (1, ?, zeroblob(65536))',
            )
            .run(now);
        })
        .immediate();
      this.lastWriteFailure = undefined;
      this.lastProbeOkAt = now;
      return undefined;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      this.lastProbeOkAt = -Infinity;
      return `writes to ${this.path} fail (${typeof code === 'string' ? code : String(error)}); free disk space or check the file`;
    }
  }

  /** Whether writes are expected to work (no failed write since the last success, same file). */
  get writable(): boolean {
    return this.lastWriteFailure === undefined && this.fileProblem() === undefined;
  }

  /** The SQLite code of the last failed write transaction, until one succeeds. */
  get failingWrites(): string | undefined {
    return this.lastWriteFailure;
  }

  /** Cheap liveness probe: the connection answers and the file is still the one opened. */
  ping(): boolean {
    try {
      return this.fileProblem() === undefined && this.db.prepare('SELECT 1').pluck().get() === 1;
    } catch {
      return false;
    }
  }

  private fileProblem(): string | undefined {
    if (this.identity === undefined) return undefined;
    const change = fileChange(this.path, this.identity);
    if (change === undefined) return undefined;
    return (
      `the store file ${this.path} was ${change} while banbridge runs; nothing is written ` +
      'until banbridge is restarted (restore the file first if it was removed by mistake)'
    );
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
