import { BanbridgeError } from '../core/errors.js';

/**
 * Numbered migrations, applied in order inside one transaction each; PRAGMA user_version
 * (SQLite) or the schema_version table (PostgreSQL) records the last applied number. Never
 * edit a released migration: add the next one. Times are epoch milliseconds (INTEGER).
 *
 * One text serves both databases: write SQL both accept. For PostgreSQL, toPostgres()
 * rewrites the type names that differ (INTEGER is 32-bit there, epoch ms needs BIGINT;
 * AUTOINCREMENT is an identity column; BLOB is BYTEA); a migration that needs more gives `postgres`.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** PostgreSQL text when toPostgres(sql) is not enough. */
  postgres?: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'bans, claims, offences, audit, outbox, router state',
    sql: `
      CREATE TABLE bans (
        key         TEXT PRIMARY KEY,
        family      INTEGER NOT NULL CHECK (family IN (4, 6)),
        first_seen  INTEGER NOT NULL,
        last_seen   INTEGER NOT NULL,
        hits        INTEGER NOT NULL,
        banned_at   INTEGER NOT NULL,
        expires_at  INTEGER,
        active      INTEGER NOT NULL CHECK (active IN (0, 1)),
        reason      TEXT NOT NULL DEFAULT '',
        ended_at    INTEGER,
        ended_by    TEXT
      );
      CREATE INDEX bans_active_expiry ON bans (active, expires_at);

      -- Who claims a ban: a ban stays while any claim is active (fail2ban unban lifts one claim).
      CREATE TABLE claims (
        key        TEXT NOT NULL REFERENCES bans (key),
        source     TEXT NOT NULL,
        credential TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen  INTEGER NOT NULL,
        hits       INTEGER NOT NULL,
        active     INTEGER NOT NULL CHECK (active IN (0, 1)),
        PRIMARY KEY (key, source)
      );

      -- Offence history outlives bans: it drives escalation.
      CREATE TABLE offences (
        key              TEXT PRIMARY KEY,
        count            INTEGER NOT NULL,
        last_ban_at      INTEGER NOT NULL,
        last_duration_ms INTEGER
      );

      CREATE TABLE audit (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        at         INTEGER NOT NULL,
        action     TEXT NOT NULL,
        credential TEXT NOT NULL,
        detector   TEXT NOT NULL,
        via        TEXT,
        ip         TEXT,
        key        TEXT,
        outcome    TEXT NOT NULL,
        code       TEXT,
        detail     TEXT,
        evidence   TEXT
      );
      CREATE INDEX audit_key ON audit (key, id);

      CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        router          TEXT NOT NULL,
        op              TEXT NOT NULL CHECK (op IN ('add', 'remove')),
        key             TEXT NOT NULL,
        family          INTEGER NOT NULL,
        created_at      INTEGER NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed', 'superseded')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_code       TEXT,
        last_error      TEXT,
        finished_at     INTEGER
      );
      CREATE INDEX outbox_due ON outbox (router, state, next_attempt_at, id);
      CREATE INDEX outbox_key ON outbox (router, key, state);

      CREATE TABLE router_state (
        router            TEXT PRIMARY KEY,
        last_uptime       INTEGER,
        last_sync_at      INTEGER,
        last_sync_summary TEXT,
        sync_requested_at INTEGER
      );
    `,
  },
  {
    version: 2,
    name: 'router identity and the mass-removal guard',
    sql: `
      -- identity: what the router called itself at the first sync (ties this store to it).
      -- guard_*: removals the mass-removal guard holds back, until sync --allow-removals.
      ALTER TABLE router_state ADD COLUMN identity TEXT;
      ALTER TABLE router_state ADD COLUMN guard_held INTEGER;
      ALTER TABLE router_state ADD COLUMN guard_owned INTEGER;
      ALTER TABLE router_state ADD COLUMN guard_reason TEXT;
      ALTER TABLE router_state ADD COLUMN guard_since INTEGER;
      `,
  },
  {
    version: 3,
    name: 'write probe for readiness',
    // One row rewritten by /readyz: a real committed write with room for a report (random
    // bytes, see Store.writeProblem), so readiness fails when writes do, disk full included.
    sql: `
      CREATE TABLE store_probe (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        at INTEGER NOT NULL,
        room BLOB
      );
    `,
  },
  {
    version: 4,
    name: 'indexes for the operator console and address lookups',
    sql: `
      -- Ban list pages: keyset paging over active bans in key order, by source.
      CREATE INDEX bans_active_key ON bans (active, key);
      CREATE INDEX claims_source ON claims (source, key);
      CREATE INDEX claims_credential ON claims (credential, key);
      -- Refused reports carry no key (the address never parsed to one): look up by text.
      CREATE INDEX audit_ip ON audit (ip, id);
      -- Activity chart: reports per hour over the last days.
      CREATE INDEX audit_at ON audit (at);
      -- Per-router state of one address.
      CREATE INDEX outbox_key_id ON outbox (key, id);
    `,
  },
  {
    version: 5,
    name: 'new-ban counts per credential, router leases (several instances on one store)',
    sql: `
      -- One row per new ban, for policy.max_new_bans_per_minute counted across instances.
      CREATE TABLE new_bans (
        credential TEXT NOT NULL,
        at         INTEGER NOT NULL
      );
      CREATE INDEX new_bans_credential_at ON new_bans (credential, at);

      -- Which instance drives each router: the holder renews expires_at (database clock)
      -- while it writes; another instance takes the router only after it has passed.
      CREATE TABLE router_leases (
        router     TEXT PRIMARY KEY,
        holder     TEXT NOT NULL,
        token      INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        renewed_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'sync requests answered by the instance that drives the router',
    sql: `
      -- banbridge sync asks the lease holder to reconcile now; the holder answers with the
      -- summary (or the error code) and its name. Times from the database clock.
      CREATE TABLE sync_requests (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        router         TEXT NOT NULL,
        allow_removals INTEGER NOT NULL,
        requested_by   TEXT NOT NULL,
        requested_at   INTEGER NOT NULL,
        answered_by    TEXT,
        answered_at    INTEGER,
        summary        TEXT,
        error_code     TEXT,
        error          TEXT
      );
      CREATE INDEX sync_requests_open ON sync_requests (router, answered_at, id);
    `,
  },
  {
    version: 7,
    name: 'maintained counts: active bans, new bans per credential',
    // A report checks policy.max_active_bans and max_new_bans_per_minute; count(*) over bans
    // and new_bans grew with the tables (about 1 ms each at 8,000 rows, per report). Triggers
    // keep the counts, whoever writes (pipeline, CLI, store copy), so a check reads one row:
    // `active_bans`, and `new_bans CREDENTIAL` (that credential's rows in new_bans, expired
    // ones included until record() deletes them). One b-tree for both (WITHOUT ROWID): a
    // report's transaction touches one more page, not three.
    // BanTable.save is an upsert: where the row exists, SQLite performs its DO UPDATE as an
    // UPDATE of the SET columns, firing `AFTER UPDATE OF active` (https://sqlite.org/
    // lang_upsert.html, https://sqlite.org/lang_createtrigger.html); test/store checks it.
    sql: `
      CREATE TABLE counts (
        name TEXT PRIMARY KEY,
        n    INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO counts (name, n) SELECT 'active_bans', count(*) FROM bans WHERE active = 1;
      INSERT INTO counts (name, n)
        SELECT 'new_bans ' || credential, count(*) FROM new_bans GROUP BY credential;
      CREATE TRIGGER bans_count_insert AFTER INSERT ON bans WHEN NEW.active = 1
      BEGIN UPDATE counts SET n = n + 1 WHERE name = 'active_bans'; END;
      CREATE TRIGGER bans_count_update AFTER UPDATE OF active ON bans WHEN NEW.active <> OLD.active
      BEGIN UPDATE counts SET n = n + NEW.active - OLD.active WHERE name = 'active_bans'; END;
      CREATE TRIGGER bans_count_delete AFTER DELETE ON bans WHEN OLD.active = 1
      BEGIN UPDATE counts SET n = n - 1 WHERE name = 'active_bans'; END;
      CREATE TRIGGER new_bans_count_insert AFTER INSERT ON new_bans
      BEGIN
        INSERT INTO counts (name, n) VALUES ('new_bans ' || NEW.credential, 1)
          ON CONFLICT (name) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER new_bans_count_delete AFTER DELETE ON new_bans
      BEGIN UPDATE counts SET n = n - 1 WHERE name = 'new_bans ' || OLD.credential; END;
    `,
    // Row triggers fire AFTER INSERT or AFTER UPDATE, whichever an INSERT … ON CONFLICT DO
    // UPDATE did to the row (https://www.postgresql.org/docs/15/trigger-definition.html).
    postgres: `
      CREATE TABLE counts (
        name TEXT PRIMARY KEY,
        n    BIGINT NOT NULL
      );
      INSERT INTO counts (name, n) SELECT 'active_bans', count(*) FROM bans WHERE active = 1;
      INSERT INTO counts (name, n)
        SELECT 'new_bans ' || credential, count(*) FROM new_bans GROUP BY credential;
      CREATE FUNCTION bans_count() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE counts SET n = n
          + (CASE WHEN TG_OP <> 'DELETE' THEN NEW.active ELSE 0 END)
          - (CASE WHEN TG_OP <> 'INSERT' THEN OLD.active ELSE 0 END)
          WHERE name = 'active_bans';
        RETURN NULL;
      END $$;
      CREATE TRIGGER bans_count_insert AFTER INSERT ON bans
        FOR EACH ROW WHEN (NEW.active = 1) EXECUTE FUNCTION bans_count();
      CREATE TRIGGER bans_count_update AFTER UPDATE OF active ON bans
        FOR EACH ROW WHEN (NEW.active <> OLD.active) EXECUTE FUNCTION bans_count();
      CREATE TRIGGER bans_count_delete AFTER DELETE ON bans
        FOR EACH ROW WHEN (OLD.active = 1) EXECUTE FUNCTION bans_count();
      CREATE FUNCTION new_bans_count() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO counts (name, n) VALUES ('new_bans ' || NEW.credential, 1)
            ON CONFLICT (name) DO UPDATE SET n = counts.n + 1;
        ELSE
          UPDATE counts SET n = n - 1 WHERE name = 'new_bans ' || OLD.credential;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER new_bans_count_insert AFTER INSERT ON new_bans
        FOR EACH ROW EXECUTE FUNCTION new_bans_count();
      CREATE TRIGGER new_bans_count_delete AFTER DELETE ON new_bans
        FOR EACH ROW EXECUTE FUNCTION new_bans_count();
    `,
  },
];

function toPostgres(sql: string): string {
  return sql
    .replace(
      /\bINTEGER\s+PRIMARY\s+KEY\s+AUTOINCREMENT\b/gi,
      'BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY',
    )
    .replace(/\bINTEGER\b/g, 'BIGINT')
    .replace(/\bBLOB\b/g, 'BYTEA');
}

/**
 * For a store used as it is, never changed (the source of `banbridge store copy`): refuses
 * one without banbridge's schema, and one an older banbridge wrote, which would need
 * migrations. `current` is its schema version (0: none).
 */
export function requireCurrentSchema(
  kind: 'sqlite' | 'postgres',
  current: number,
  where: string,
): void {
  if (current === 0) {
    throw new BanbridgeError('STORE_MISSING', `there is no banbridge store at ${where}`);
  }
  const pending = migrationsFor(kind, current);
  if (pending.length > 0) {
    throw new BanbridgeError(
      'STORE_OUTDATED',
      `the store at ${where} has schema ${current}, written by an older banbridge; this one ` +
        `uses ${pending.at(-1)?.version}. It is not upgraded here: run banbridge status with ` +
        'the config that uses it once (that upgrades it), then try again',
    );
  }
}

/** STORE_TOO_NEW for a schema version past the last migration this banbridge knows. */
export function refuseNewer(current: number): void {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    throw new BanbridgeError(
      'STORE_TOO_NEW',
      `the store was written by a newer banbridge (schema ${current}, this one knows ` +
        `${latest}); upgrade banbridge — nothing was changed in it`,
    );
  }
}

/** The migrations after `current`, in the given dialect; refuses a store from the future. */
export function migrationsFor(
  kind: 'sqlite' | 'postgres',
  current: number,
): { version: number; sql: string }[] {
  refuseNewer(current);
  return [...migrations]
    .sort((a, b) => a.version - b.version)
    .filter((m) => m.version > current)
    .map((m) => ({
      version: m.version,
      sql: kind === 'sqlite' ? m.sql : (m.postgres ?? toPostgres(m.sql)),
    }));
}
