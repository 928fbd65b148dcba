import { randomBytes } from 'node:crypto';
import { BanbridgeError } from '../core/errors.js';
import { AuditLog } from './audit.js';
import { AuditReads } from './audit-reads.js';
import { BanSearch } from './ban-search.js';
import { BanTable } from './bans.js';
import { fileIdentity, movedFileProblem, type FileIdentity } from './file-identity.js';
import type { Combiner } from './group-commit.js';
import { NewBans } from './new-bans.js';
import { Outbox } from './outbox.js';
import { OutboxReads } from './outbox-reads.js';
import { OutboxStats } from './outbox-stats.js';
import { PostgresDriver } from './postgres-driver.js';
import { RouterLeases } from './router-leases.js';
import { RouterStates } from './router-state.js';
import type { SqlDriver } from './sql-driver.js';
import { SqliteDriver } from './sqlite-driver.js';
import { SyncRequests } from './sync-requests.js';

/** Where the store lives: exactly one of a SQLite file or a PostgreSQL URL (config `store`). */
export type StoreLocation = { path: string } | { url: string };

/** SQLite result codes that mean the file cannot take writes (not a busy or constraint error). */
const CANNOT_WRITE = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB)/;

/**
 * What the readiness probe writes: more than one report's transaction takes. A report touches
 * about 18 b-trees (seven tables and their indexes, migrations 1, 4, 5 and 6) at one 4 KiB
 * page each, about 75 KiB of WAL; more than that, so a probe that succeeds leaves room for a
 * report.
 */
const PROBE_ROOM = 128 * 1024;

/** The driver's own error code behind a STORE_UNAVAILABLE (or the error itself). */
function driverCode(error: unknown): string | undefined {
  const cause = error instanceof BanbridgeError ? error.cause : error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The only module with SQL: desired state, audit and outbox, on SQLite or PostgreSQL. The
 * pipeline, HTTP routes, CLI and worker use this class and never learn which.
 */
export class Store {
  readonly bans: BanTable;
  readonly audit: AuditLog;
  readonly outbox: Outbox;
  readonly outboxStats: OutboxStats;
  readonly routers: RouterStates;
  readonly newBans: NewBans;
  readonly leases: RouterLeases;
  /** `banbridge sync` asking the router's lease holder to reconcile. */
  readonly syncRequests: SyncRequests;
  /** Read views for lookups and the operator console. */
  readonly banSearch: BanSearch;
  readonly auditReads: AuditReads;
  readonly outboxReads: OutboxReads;

  private lastWriteFailure: string | undefined;
  private lastProbeOkAt = -Infinity;

  constructor(
    readonly db: SqlDriver,
    /** The SQLite file, when the store is one (file identity checks). */
    readonly path: string | undefined = undefined,
    private readonly identity: FileIdentity | undefined = undefined,
  ) {
    this.bans = new BanTable(db);
    this.audit = new AuditLog(db);
    this.outbox = new Outbox(db);
    this.outboxStats = new OutboxStats(db);
    this.routers = new RouterStates(db);
    this.newBans = new NewBans(db);
    this.leases = new RouterLeases(db);
    this.syncRequests = new SyncRequests(db);
    this.banSearch = new BanSearch(db);
    this.auditReads = new AuditReads(db);
    this.outboxReads = new OutboxReads(db);
  }

  /**
   * Opens the store. With `create: false` (read-only commands such as list and status) a
   * missing SQLite file is STORE_MISSING instead of a new empty store. With `upgrade: false`
   * (the source of a store copy) it is used as it is: nothing is created or migrated, and a
   * store without the current schema is refused (STORE_MISSING, STORE_OUTDATED). With
   * `servingAs` (`serve`, naming its instance) a SQLite WAL is checkpointed on a thread of its
   * own (wal-checkpointer.ts), and PostgreSQL connections carry the instance's name
   * (application_name), so that `store copy` sees a serve on its source.
   */
  static async open(
    location: StoreLocation | string,
    options: {
      create?: boolean;
      upgrade?: boolean;
      servingAs?: string;
      /** PostgreSQL: when the server ends a session idle in a transaction (tests shorten it). */
      idleInTransactionMs?: number;
      /** PostgreSQL: how long a query may go unanswered (tests shorten it). */
      queryTimeoutMs?: number;
    } = {},
  ): Promise<Store> {
    const where = typeof location === 'string' ? { path: location } : location;
    const upgrade = options.upgrade ?? true;
    if ('url' in where) {
      return new Store(
        await PostgresDriver.open(where.url, {
          upgrade,
          ...(options.idleInTransactionMs === undefined
            ? {}
            : { idleInTransactionMs: options.idleInTransactionMs }),
          ...(options.queryTimeoutMs === undefined
            ? {}
            : { queryTimeoutMs: options.queryTimeoutMs }),
          ...(options.servingAs === undefined ? {} : { servingAs: options.servingAs }),
        }),
      );
    }
    const path = where.path;
    const memory = path === ':memory:';
    if (!memory && (options.create === false || !upgrade) && fileIdentity(path) === undefined) {
      throw new BanbridgeError(
        'STORE_MISSING',
        `there is no store at ${path} (store.path) yet; banbridge serve or banbridge ban ` +
          'creates it — check that this is the config the service uses',
      );
    }
    const driver = SqliteDriver.open(path, { upgrade });
    const store = new Store(driver, path, memory ? undefined : fileIdentity(path));
    // Checked as each batch of transactions begins (once for all of them, not per caller).
    driver.checkBeforeWrites(() => store.fileProblem());
    if (options.servingAs !== undefined) driver.checkpointInBackground();
    return store;
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
   * Concurrent callers may share one commit; see group-commit.ts. Refused with
   * STORE_UNAVAILABLE when the file at store.path is no longer the one opened.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.write(() => this.db.transaction(fn));
  }

  /**
   * Runs `item` like transaction() does, passed to `combine` together with the items of
   * concurrent callers naming the same combiner: one statement per table for all of them
   * (the report pipeline). If the combined call fails, each item runs again alone; see
   * group-commit.ts.
   */
  combined<I, R>(combine: Combiner<I, R>, item: I): Promise<R> {
    return this.write(() => this.db.combined(combine, item));
  }

  private async write<T>(run: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      this.lastWriteFailure = undefined;
      return result;
    } catch (error) {
      const code = driverCode(error);
      if (code !== undefined && CANNOT_WRITE.test(code)) {
        this.lastWriteFailure = code;
        // The next /readyz probes again even if a smaller write succeeds meanwhile (a worker
        // settling one operation still fits where a report did not).
        this.lastProbeOkAt = -Infinity;
      }
      throw error;
    }
  }

  /**
   * Whether the store can take writes now: the file at store.path is still the one opened, no
   * write transaction failed since the last success, and a real committed write with room for
   * a report (PROBE_ROOM random bytes into store_probe, flushed) succeeds — disk full fails it. The probe runs
   * at most once a second (an unauthenticated /readyz must not become an fsync flood).
   * Undefined when healthy, else what is wrong, for /readyz and its log line.
   */
  async writeProblem(now: number): Promise<string | undefined> {
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
      // Fresh random bytes each time: an update to the same bytes is written in place (SQLite
      // rewrites only the pages that change, so zeroblob over zeroblob writes one page), and
      // PostgreSQL compresses zeros to nothing. Random bytes take the full room on both.
      await this.db.transaction(() =>
        this.db.run(
          `INSERT INTO store_probe (id, at, room) VALUES (1, ?, ?)
           ON CONFLICT (id) DO UPDATE SET at = excluded.at, room = excluded.room`,
          [now, randomBytes(PROBE_ROOM)],
        ),
      );
      this.lastWriteFailure = undefined;
      this.lastProbeOkAt = now;
      return undefined;
    } catch (error) {
      this.lastProbeOkAt = -Infinity;
      const hint =
        this.db.kind === 'sqlite'
          ? 'free disk space or check the store'
          : 'check that PostgreSQL is up and reachable';
      return `writes to ${this.path ?? this.location} fail (${driverCode(error) ?? String(error)}); ${hint}`;
    }
  }

  /** Whether writes are expected to work (no failed write since the last success, same file). */
  get writable(): boolean {
    return this.lastWriteFailure === undefined && this.fileProblem() === undefined;
  }

  /** The driver code of the last failed write transaction, until one succeeds. */
  get failingWrites(): string | undefined {
    return this.lastWriteFailure;
  }

  /** Wakes the workers of every instance on this store (after a commit that queued work). */
  notifyQueued(): Promise<void> {
    return this.db.notifyQueued();
  }

  /** Calls fn when any instance queued router work; returns the unsubscribe. */
  onQueued(fn: () => void): () => void {
    return this.db.onQueued(fn);
  }

  /** Cheap liveness probe: the database answers and the file is still the one opened. */
  async ping(): Promise<boolean> {
    return this.fileProblem() === undefined && (await this.db.ping());
  }

  private fileProblem(): string | undefined {
    if (this.identity === undefined || this.path === undefined) return undefined;
    return movedFileProblem(this.path, this.identity);
  }

  get isOpen(): boolean {
    return this.db.isOpen;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
