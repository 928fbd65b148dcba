/**
 * Numbered migrations, applied in order inside one transaction each; PRAGMA user_version
 * records the last applied number. Never edit a released migration: add the next one.
 * Times are epoch milliseconds (INTEGER).
 */
export const migrations: readonly { version: number; name: string; sql: string }[] = [
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
    // One row rewritten by /readyz: a real committed write with room for a report (a 64 KiB
    // blob), so readiness fails when writes do, disk full included.
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
];
