import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { BanbridgeError } from '../core/errors.js';
import { redactUrl } from '../core/redact-url.js';
import { GroupCommit, type BatchConnection, type Combiner } from './group-commit.js';
import { migrationsFor, requireCurrentSchema } from './migrations.js';
import type { SqlDriver } from './sql-driver.js';
import { guarded, storeUnavailable } from './store-unavailable.js';
import { storableParams } from './text-params.js';

/** Advisory lock keys (pg_advisory_*): one for migrations, one serialising writers. */
const MIGRATION_LOCK = 0x62616e01;
const WRITE_LOCK = 0x62616e02;

/** Checked-out clients one of whose queries went unanswered past the query timeout. */
const UNANSWERED = new WeakSet<pg.PoolClient>();

/** Pool clients given an 'error' listener of ours (once each: the pool reuses them). */
const LISTENED = new WeakSet<pg.PoolClient>();

/**
 * A checked-out client whose session the server ends while no query runs (it sat idle in a
 * transaction too long, an administrator terminated it, the server restarted) emits
 * 'error', and the pool listens only to idle clients: unheard, that error would end the
 * process (node-postgres docs, "Client: events"). Its next query fails instead, as
 * STORE_UNAVAILABLE.
 */
function listened(client: pg.PoolClient): pg.PoolClient {
  if (!LISTENED.has(client)) {
    client.on('error', () => undefined);
    LISTENED.add(client);
  }
  return client;
}

/** How long a session may sit idle inside a transaction before the server ends it. */
const IDLE_IN_TRANSACTION_MS = 5_000;

/**
 * How long a query may go unanswered before it fails (node-postgres `query_timeout`, measured
 * on the client). A connection whose packets are dropped (a network partition, a silent
 * firewall, a server host that froze) answers nothing and says nothing: TCP keepalive only
 * probes an idle connection, and a query's unacknowledged bytes are retransmitted for about
 * 15 minutes (Linux tcp_retries2 = 15, Documentation/networking/ip-sysctl.rst) before the
 * socket fails. Meanwhile every report would wait behind the stuck batch. Longer than a
 * batch's wait for the write lock (lock_timeout, twice IDLE_IN_TRANSACTION_MS), so a busy
 * cluster still answers with PostgreSQL's own error first. Migrations run without it (an
 * index build over a large table may take minutes).
 */
const QUERY_TIMEOUT_MS = 15_000;

/**
 * node-postgres's error for a query past query_timeout: it carries no code, only this message
 * (node-postgres 8.23.1, lib/client.js, Client.query). The client that timed out still waits
 * for its answer, so it is only fit to be destroyed.
 */
function timedOut(error: unknown): boolean {
  return error instanceof Error && error.message === 'Query read timeout';
}

/**
 * The application_name of a `serve` instance's connections (`banbridge serve <instance>`):
 * pg_stat_activity shows it to every role (PostgreSQL 15, monitoring-stats; checked on 15 with
 * a second, unprivileged role, which sees client_addr as NULL), so `store copy` sees a serve on
 * its source even when it drives no router.
 */
const SERVE_SESSION = 'banbridge serve';

/** NOTIFY channel: router work was queued; workers wake (LISTEN) on every instance. */
const QUEUED_CHANNEL = 'banbridge_queued';

/**
 * BIGINT (oid 20) and NUMERIC (oid 1700, what sum() of a BIGINT returns) arrive as strings
 * from node-postgres (pg-types, lib/textParsers.js); our values are epoch milliseconds and
 * counts, well inside Number.MAX_SAFE_INTEGER.
 */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 || oid === 1700
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** `?` placeholders (the SQL the tables share) → `$1, $2, …`. Our SQL has no `?` in text. */
function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * node-postgres behind the async SqlDriver. Writes are serialised across every instance by
 * a transaction-scoped advisory lock taken at BEGIN (pg_advisory_xact_lock, PostgreSQL docs
 * §9.27.10), so the active-ban cap and the per-credential rate limit, counted inside the
 * transaction, hold for the whole cluster exactly as they do for one SQLite writer. Reads
 * outside a transaction go to the pool and run in parallel.
 */
export class PostgresDriver implements SqlDriver {
  readonly kind = 'postgres';
  readonly location: string;
  private readonly tx = new AsyncLocalStorage<pg.PoolClient>();
  private readonly group: GroupCommit;
  /** The NOTIFY in flight, and the one queued behind it (notifyQueued). */
  private notifying: Promise<void> | undefined;
  private notifyAgain: Promise<void> | undefined;
  private open = true;

  private constructor(
    private readonly pool: pg.Pool,
    url: string,
    private readonly idleInTransactionMs: number,
    private readonly queryTimeoutMs: number,
  ) {
    this.location = redactUrl(url);
    this.group = new GroupCommit(() => this.batchConnection());
  }

  /**
   * `upgrade: false` uses the database as it is: it must hold the current schema
   * (requireCurrentSchema); nothing is created or migrated in it.
   */
  static async open(
    url: string,
    options: {
      poolSize?: number;
      upgrade?: boolean;
      idleInTransactionMs?: number;
      queryTimeoutMs?: number;
      /** The `serve` instance this is (its connections are named after it). */
      servingAs?: string;
    } = {},
  ): Promise<PostgresDriver> {
    const queryTimeoutMs = options.queryTimeoutMs ?? QUERY_TIMEOUT_MS;
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      types,
      connectionTimeoutMillis: 5000,
      // Also the dedicated connections' (connectDedicated copies these options).
      query_timeout: queryTimeoutMs,
      // PostgreSQL keeps 63 bytes of it (NAMEDATALEN - 1).
      ...(options.servingAs === undefined
        ? {}
        : { application_name: `${SERVE_SESSION} ${options.servingAs}` }),
      // An idle connection whose server or route is gone fails within about 11 s, not at the
      // TCP timeout: libuv 1.46 (Node 20) sets TCP_KEEPIDLE to this delay, TCP_KEEPINTVL to
      // 1 s and TCP_KEEPCNT to 10 (seen with strace). Keepalive never probes a connection
      // waiting for an answer: query_timeout covers that one.
      keepAlive: true,
      keepAliveInitialDelayMillis: 1000,
    });
    // An idle client losing its connection emits 'error' on the pool; without a listener
    // that would crash the process (node-postgres docs, "Pool: events").
    pool.on('error', () => undefined);
    const driver = new PostgresDriver(
      pool,
      url,
      options.idleInTransactionMs ?? IDLE_IN_TRANSACTION_MS,
      queryTimeoutMs,
    );
    try {
      if (options.upgrade === false) await driver.requireCurrent();
      else await driver.migrate();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw storeUnavailable(error);
    }
    return driver;
  }

  private async requireCurrent(): Promise<void> {
    const table = await this.pool.query<{ t: string | null }>(
      "SELECT to_regclass('schema_version')::text AS t",
    );
    const version =
      table.rows[0]?.t == null
        ? 0
        : Number(
            (
              await this.pool.query<{ v: number | null }>(
                'SELECT max(version) AS v FROM schema_version',
              )
            ).rows[0]?.v ?? 0,
          );
    requireCurrentSchema('postgres', version, this.location);
  }

  /**
   * Migrations under a session advisory lock: instances starting together never race. On a
   * connection of their own without the query timeout: waiting for another instance's
   * migration, or building an index over a large table, may take minutes.
   */
  private async migrate(): Promise<void> {
    const client = new pg.Client({
      ...(this.pool.options as pg.ClientConfig),
      query_timeout: undefined,
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL, applied_at BIGINT NOT NULL)',
      );
      const row = await client.query<{ v: number | null }>(
        'SELECT max(version) AS v FROM schema_version',
      );
      for (const m of migrationsFor('postgres', row.rows[0]?.v ?? 0)) {
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_version VALUES ($1, $2)', [m.version, Date.now()]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      // Ending the session releases its advisory lock (PostgreSQL 15 docs, explicit-locking,
      // "Advisory Locks").
      await client.end().catch(() => undefined);
    }
  }

  private async batchConnection(): Promise<BatchConnection> {
    const client = listened(await guarded(() => this.pool.connect()));
    const q = (sql: string) => this.answered(client, async () => void (await client.query(sql)));
    return {
      // One round trip: a query without parameters may hold several statements (the simple
      // query protocol, https://www.postgresql.org/docs/15/protocol-flow.html); WRITE_LOCK is
      // our constant, not input.
      // A batch holds the cluster-wide write lock (WRITE_LOCK) until it ends. An instance
      // paused or cut off inside one (SIGSTOP, a frozen VM, a lost link) would keep every
      // other instance from writing: the server ends a session idle in the transaction this
      // long (it rolls back: nothing of it was acknowledged), and a batch waits for the lock
      // at most twice that before it fails with a retryable 503. SET LOCAL: for this
      // transaction only, so a migration still waits for its lock as long as it takes, and
      // no startup parameter a connection pooler might refuse is sent
      // (https://www.postgresql.org/docs/15/runtime-config-client.html).
      begin: () =>
        q(
          `BEGIN; SET LOCAL idle_in_transaction_session_timeout = ${this.idleInTransactionMs}; ` +
            `SET LOCAL lock_timeout = ${2 * this.idleInTransactionMs}; ` +
            `SELECT pg_advisory_xact_lock(${WRITE_LOCK})`,
        ),
      exec: q,
      commit: () => q('COMMIT'),
      // Not after a timeout: the client still waits for that answer, and would for ROLLBACK.
      // The server rolls the transaction back when the session ends (destroyed on release),
      // or after idle_in_transaction_session_timeout if it never hears of that.
      rollback: async () => {
        if (!UNANSWERED.has(client)) await q('ROLLBACK');
      },
      bind: (fn) => this.tx.run(client, fn),
      release: (failed) => client.release(failed),
    };
  }

  get inTransaction(): boolean {
    return this.tx.getStore() !== undefined;
  }

  private query<R>(
    sql: string,
    params: readonly unknown[],
  ): Promise<pg.QueryResult & { rows: R[] }> {
    const text = numberPlaceholders(sql);
    const client = this.tx.getStore();
    const values = storableParams(params) as unknown[];
    return this.answered(client, () =>
      client !== undefined ? client.query(text, values) : this.pool.query(text, values),
    ) as Promise<pg.QueryResult & { rows: R[] }>;
  }

  /**
   * guarded(), with a query past the query timeout named for what it is. A checked-out client
   * that timed out is sent nothing more (it would queue behind the unanswered query for
   * another full timeout): the rest of its batch fails at once and it is destroyed on
   * release. (A pool.query() client is destroyed by the pool on the error.)
   */
  private answered<T>(client: pg.PoolClient | undefined, fn: () => Promise<T>): Promise<T> {
    return guarded(async () => {
      if (client !== undefined && UNANSWERED.has(client)) throw this.timeoutError();
      try {
        return await fn();
      } catch (error) {
        if (!timedOut(error)) throw error;
        if (client !== undefined) UNANSWERED.add(client);
        throw this.timeoutError();
      }
    });
  }

  /** Its cause carries the code readiness and logs show (driverCode in store.ts). */
  private timeoutError(): BanbridgeError {
    return new BanbridgeError(
      'STORE_UNAVAILABLE',
      `the ban store did not answer within ${this.queryTimeoutMs / 1000} s; retry later`,
      { cause: { code: 'QUERY_TIMEOUT' } },
    );
  }

  async all<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return (await this.query<R>(sql, params)).rows;
  }

  async get<R>(sql: string, params: readonly unknown[] = []): Promise<R | undefined> {
    return (await this.query<R>(sql, params)).rows[0];
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn();
    if (!this.open) return Promise.reject(storeUnavailable(new Error('closed')));
    return this.group.run(fn);
  }
  combined<I, R>(combine: Combiner<I, R>, item: I): Promise<R> {
    if (this.inTransaction) return combine([item]).then((results) => results[0] as R);
    if (!this.open) return Promise.reject(storeUnavailable(new Error('closed')));
    return this.group.combined(combine, item);
  }

  /** A dedicated connection outside the pool (leases, LISTEN). */
  private async connectDedicated(): Promise<pg.Client> {
    const client = new pg.Client({
      ...(this.pool.options as pg.ClientConfig),
      keepAlive: true,
      keepAliveInitialDelayMillis: 1000,
    });
    client.on('error', () => undefined);
    await guarded(() => client.connect());
    return client;
  }

  readonly nowSql = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint';
  readonly likeAnyCase = 'ILIKE';
  /** The database's default collation may be a language one (en_US sorts `1.` and `10` apart). */
  readonly binaryCollation = ' COLLATE "C"';

  stringAgg(expression: string, separator: string): string {
    return `string_agg(${expression}, ${separator})`;
  }

  /**
   * One NOTIFY at a time: a call while one is in flight is answered by one more NOTIFY sent
   * after it (which also covers every commit made meanwhile), not by one each; a burst of
   * reports costs two round trips, not one per report.
   */
  notifyQueued(): Promise<void> {
    if (this.notifying !== undefined) {
      this.notifyAgain ??= this.notifying
        .catch(() => undefined)
        .then(() => {
          this.notifyAgain = undefined;
          return this.notifyQueued();
        });
      return this.notifyAgain;
    }
    const sent = guarded(() => this.pool.query(`NOTIFY ${QUEUED_CHANNEL}`)).then(() => undefined);
    this.notifying = sent.finally(() => {
      this.notifying = undefined;
    });
    return this.notifying;
  }

  /**
   * LISTEN on a dedicated connection (a pooled one would lose it on release); when that
   * connection drops it is re-established every second, and fn is called once on each
   * reconnect, since notifications sent meanwhile are lost (PostgreSQL NOTIFY docs).
   */
  onQueued(fn: () => void): () => void {
    let stopped = false;
    let client: pg.Client | undefined;
    const connect = async (): Promise<void> => {
      while (!stopped) {
        try {
          const c = await this.connectDedicated();
          c.on('notification', () => fn());
          c.on('end', () => {
            if (!stopped) setTimeout(() => void connect(), 1000).unref();
          });
          await c.query(`LISTEN ${QUEUED_CHANNEL}`);
          client = c;
          if (stopped) await c.end();
          fn();
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 1000).unref());
        }
      }
    };
    void connect();
    return () => {
      stopped = true;
      void client?.end().catch(() => undefined);
    };
  }

  async servesConnected(): Promise<string[]> {
    const rows = await this.all<{ name: string; addr: string | null }>(
      `SELECT DISTINCT application_name AS name, host(client_addr) AS addr FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND application_name LIKE ?`,
      [`${SERVE_SESSION} %`],
    );
    return rows.map((r) => {
      const name = r.name.slice(SERVE_SESSION.length + 1);
      return r.addr === null ? name : `${name} from ${r.addr}`;
    });
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.pool.query('SELECT 1 AS one')).rows[0]?.one === 1;
    } catch {
      return false;
    }
  }

  get isOpen(): boolean {
    return this.open;
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.pool.end().catch(() => undefined);
  }
}
