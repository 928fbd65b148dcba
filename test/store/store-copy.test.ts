import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTarget } from '../../src/cli/commands/store-copy.js';
import { runCli } from '../../src/cli/main.js';
import { copyStore } from '../../src/store/copy-store.js';
import { acquireServeLock } from '../../src/store/serve-lock.js';
import { Store, type StoreLocation } from '../../src/store/store.js';
import { captureIo } from '../helpers/capture-io.js';
import { testConfigObject } from '../helpers/service.js';
import { spawnServe } from '../helpers/spawn-banbridge.js';
import { databaseFor } from '../helpers/test-store.js';

const dir = mkdtempSync(join(tmpdir(), 'banbridge-copy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// `counts` is not copied: the target's triggers rebuild it from the rows copied, and it must
// come out the same (the active-ban cap and the rate limit read it).
const TABLES = [
  'bans',
  'claims',
  'offences',
  'audit',
  'outbox',
  'router_state',
  'new_bans',
  'counts',
];
const ORDER: Record<string, string> = {
  bans: 'key',
  claims: 'key, source',
  offences: 'key',
  audit: 'id',
  outbox: 'id',
  router_state: 'router',
  new_bans: 'credential, at',
  counts: 'name',
};

/** Every row of every copied table, in key order, as plain values. */
async function dump(where: StoreLocation): Promise<Record<string, unknown[]>> {
  const store = await Store.open(where);
  try {
    const out: Record<string, unknown[]> = {};
    for (const t of TABLES) {
      out[t] = await store.db.all(`SELECT * FROM ${t} ORDER BY ${ORDER[t]}`);
    }
    return out;
  } finally {
    await store.close();
  }
}

async function seed(where: StoreLocation): Promise<void> {
  const store = await Store.open(where);
  try {
    await store.transaction(async () => {
      for (let i = 1; i <= 1200; i++) {
        const key = `5.4.${Math.floor(i / 250)}.${(i % 250) + 1}`;
        await store.bans.save({
          key,
          family: 4,
          first_seen: 1000 + i,
          last_seen: 2000 + i,
          hits: i % 7,
          banned_at: 1500,
          expires_at: i % 3 === 0 ? null : 9_000_000 + i,
          active: i % 5 === 0 ? 0 : 1,
          reason: `reason "${i}" ünïcode`,
          ended_at: i % 5 === 0 ? 3000 : null,
          ended_by: i % 5 === 0 ? 'admin' : null,
        });
        await store.bans.claim(key, `web01/sshd@web${i % 3}`, 'web01', 1000 + i);
        await store.audit.append({
          at: 1000 + i,
          action: 'report',
          credential: 'web01',
          detector: 'fail2ban',
          ip: key,
          key,
          outcome: 'accepted',
          detail: { jail: 'sshd', n: i },
          evidence: 'Failed password for root',
        });
      }
      await store.bans.saveOffences([
        { key: '5.4.0.2', count: 3, last_ban_at: 1500, last_duration_ms: 3_600_000 },
      ]);
      await store.outbox.enqueue(['edge1', 'edge2'], 'add', '5.4.0.2', 4, 1500);
      await store.routers.synced('edge1', 1600, { added: 1 });
      await store.newBans.record('web01', 1700, 2, 0);
    });
  } finally {
    await store.close();
  }
}

/** `banbridge store copy --to to` with `source` as the configured store; its exit code. */
function copyCli(source: StoreLocation, to: string, io: ReturnType<typeof captureIo>) {
  return runCli(['store', 'copy', '--to', to, '--config', configWith(source)], io);
}

function configWith(store: StoreLocation): string {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    stringify({
      users: [{ name: 'admin', role: 'admin', token: 'copy-admin-token-0123456789' }],
      store,
    }),
  );
  return file;
}

describe('banbridge store copy', () => {
  it('SQLite → PostgreSQL → SQLite: every row arrives, counts are printed, the source is unchanged', async () => {
    const sqlite = { path: join(dir, 'source.db') };
    await seed(sqlite);
    const before = await dump(sqlite);
    expect(before.bans).toHaveLength(1200);
    const active = (before.bans as { active: number }[]).filter((b) => b.active === 1).length;
    expect(active).toBeGreaterThan(0);
    expect(before.counts).toContainEqual({ name: 'active_bans', n: active });
    expect(before.counts).toContainEqual({ name: 'new_bans web01', n: 2 });

    const url = databaseFor(`copy_${process.pid}`);
    const io = captureIo(dir);
    expect(await copyCli(sqlite, url, io)).toBe(0);
    expect(io.out).toMatch(/bans\s+1200 copied, 1200 in target/);
    expect(io.out).toMatch(/audit\s+1200 copied, 1200 in target/);
    expect(io.out).toContain('copy verified');
    // the target URL's password is never printed
    expect(io.out + io.err).not.toContain(new URL(url).password);
    expect(await dump(sqlite)).toEqual(before);
    expect(await dump({ url })).toEqual(before);
    // a second copy into it is refused before anything is written
    const again = captureIo(dir);
    expect(await copyCli(sqlite, url, again)).not.toBe(0);
    expect(again.err).toContain('already holds bans');
    expect(await dump({ url })).toEqual(before);

    // and back, into a fresh SQLite file
    const back = { path: join(dir, 'back.db') };
    const io2 = captureIo(dir);
    expect(await copyCli({ url }, back.path, io2)).toBe(0);
    expect(await dump(back)).toEqual(before);

    // new rows in the copy get fresh ids (identity sequences follow the copied ids)
    const copy = await Store.open({ url });
    try {
      await copy.audit.append({
        at: 5000,
        action: 'admin-ban',
        credential: 'admin',
        detector: 'api',
        outcome: 'accepted',
      });
      const ids = await copy.db.all<{ id: number }>(
        'SELECT id FROM audit ORDER BY id DESC LIMIT 1',
      );
      expect(ids[0]?.id).toBe(1201);
    } finally {
      await copy.close();
    }
  });

  it('never creates its source: a missing SQLite file or an empty database is STORE_MISSING', async () => {
    const missing = join(dir, 'nothing-here', 'none.db');
    const target = join(dir, 'not-made.db');
    const io = captureIo(dir);
    expect(await copyCli({ path: missing }, target, io)).not.toBe(0);
    expect(io.err).toContain('STORE_MISSING');
    expect(existsSync(join(dir, 'nothing-here'))).toBe(false);
    expect(existsSync(target)).toBe(false);

    const empty = databaseFor(`copy_empty_${process.pid}`);
    const io2 = captureIo(dir);
    expect(await copyCli({ url: empty }, target, io2)).not.toBe(0);
    expect(io2.err).toContain('STORE_MISSING');
    expect(io2.err + io2.out).not.toContain(new URL(empty).password);
    expect(existsSync(target)).toBe(false);
    const client = new pg.Client({ connectionString: empty });
    await client.connect();
    try {
      const tables = await client.query(
        "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'",
      );
      expect(tables.rows[0]).toEqual({ n: 0 });
    } finally {
      await client.end();
    }
  });

  it('never upgrades its source: a store an older banbridge wrote is STORE_OUTDATED, left as it was', async () => {
    const older = join(dir, 'older.db');
    await seed({ path: older });
    const db = new Database(older);
    const latest = db.pragma('user_version', { simple: true }) as number;
    db.pragma(`user_version = ${latest - 1}`);
    db.close();
    const target = join(dir, 'not-made-either.db');
    const io = captureIo(dir);
    expect(await copyCli({ path: older }, target, io)).not.toBe(0);
    expect(io.err).toContain('STORE_OUTDATED');
    expect(io.err).toContain(`schema ${latest - 1}`);
    expect(existsSync(target)).toBe(false);
    const after = new Database(older, { readonly: true });
    try {
      expect(after.pragma('user_version', { simple: true })).toBe(latest - 1);
    } finally {
      after.close();
    }
  });

  it('reads a source in rollback-journal mode (a VACUUM INTO copy) without switching it to WAL', async () => {
    const source = join(dir, 'vacuumed.db');
    await seed({ path: join(dir, 'live.db') });
    const live = new Database(join(dir, 'live.db'));
    live.exec(`VACUUM INTO '${source}'`);
    live.close();
    const header = () => [...readFileSync(source).subarray(18, 20)];
    expect(header()).toEqual([1, 1]); // rollback journal, not WAL
    const target = join(dir, 'from-vacuumed.db');
    const io = captureIo(dir);
    expect(await copyCli({ path: source }, target, io)).toBe(0);
    expect(io.out).toMatch(/bans\s+1200 copied, 1200 in target/);
    expect(header()).toEqual([1, 1]);
  });

  it('refuses a target that already holds data', async () => {
    const sqlite = { path: join(dir, 'again.db') };
    await seed(sqlite);
    const target = { path: join(dir, 'full.db') };
    await seed(target);
    const io = captureIo(dir);
    expect(await copyCli(sqlite, target.path, io)).not.toBe(0);
    expect(io.err).toContain('already holds bans');
  });

  it('copies new_bans whole: rows sharing credential and time across a page boundary all arrive', async () => {
    // One report's new bans share (credential, at): 990 rows, then 20 more at one instant,
    // rows 990-1009, across the 1,000-row page a keyset on (credential, at) would cut.
    const source = { path: join(dir, 'rate-window.db') };
    await seed(source);
    const store = await Store.open(source);
    try {
      await store.transaction(async () => {
        await store.newBans.record('g1', 100, 990, 0);
        await store.newBans.record('g1', 200, 20, 0);
      });
    } finally {
      await store.close();
    }
    const target = join(dir, 'rate-window-copy.db');
    const io = captureIo(dir);
    expect(await copyCli(source, target, io)).toBe(0);
    expect(io.out).toMatch(/new_bans\s+1012 copied, 1012 in target/);
    expect(await dump({ path: target })).toEqual(await dump(source));
  });

  it('a copy that fails midway leaves the target empty, and the next one just works', async () => {
    const source = { path: join(dir, 'interrupted-source.db') };
    await seed(source);
    const targetPath = join(dir, 'interrupted-target.db');
    const from = await Store.open(source, { create: false, upgrade: false });
    try {
      const into = await Store.open({ path: targetPath });
      try {
        await expect(
          copyStore(from, into, (table) => {
            if (table === 'audit') throw new Error('interrupted');
          }),
        ).rejects.toThrow('interrupted');
        for (const t of TABLES.filter((t) => t !== 'counts')) {
          expect(await into.db.get(`SELECT count(*) AS n FROM ${t}`), t).toEqual({ n: 0 });
        }
        expect(await into.bans.countActive()).toBe(0);
      } finally {
        await into.close();
      }
    } finally {
      await from.close();
    }
    const io = captureIo(dir);
    expect(await copyCli(source, targetPath, io)).toBe(0);
    expect(await dump({ path: targetPath })).toEqual(await dump(source));
  });

  it('refuses a source a serve uses (its serve lock, or a live router lease): STORE_LOCKED', async () => {
    const source = { path: join(dir, 'served.db') };
    await seed(source);
    const target = join(dir, 'not-from-served.db');
    const lock = acquireServeLock(source.path);
    try {
      const io = captureIo(dir);
      expect(await copyCli(source, target, io)).not.toBe(0);
      expect(io.err).toContain('STORE_LOCKED');
      expect(existsSync(target)).toBe(false);
    } finally {
      lock.release();
    }
    // A serve on PostgreSQL (or with its lock elsewhere) shows by the leases it holds.
    const store = await Store.open(source);
    try {
      expect(await store.leases.acquire('edge1', 'bb-host-a', 60_000)).toBe(true);
    } finally {
      await store.close();
    }
    const io = captureIo(dir);
    expect(await copyCli(source, target, io)).not.toBe(0);
    expect(io.err).toContain('STORE_LOCKED');
    expect(io.err).toContain('bb-host-a drives edge1');
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a PostgreSQL source a serve is connected to, though it drives no router', async () => {
    const source = { url: databaseFor(`copy_served_${process.pid}`) };
    await seed(source);
    const target = join(dir, 'not-from-served-pg.db');
    const config = join(dir, 'serve-on-pg.yaml');
    writeFileSync(config, stringify(testConfigObject(dir, { store: source })));
    const serve = await spawnServe(config);
    try {
      const io = captureIo(dir);
      expect(await copyCli(source, target, io)).not.toBe(0);
      expect(io.err).toContain('STORE_LOCKED');
      // The serve's instance name: host, pid and a random suffix (instance-name.ts).
      expect(io.err).toContain(`${hostname()}:${serve.child.pid}:`);
      expect(io.err).toContain('is connected');
      expect(existsSync(target)).toBe(false);
    } finally {
      await serve.stop();
    }
    const io = captureIo(dir);
    expect(await copyCli(source, target, io)).toBe(0);
    expect(io.out).toContain('copy verified');
  });

  it("leaves a target it refuses exactly as it was: another program's file, a newer store, one holding bans", async () => {
    const source = { path: join(dir, 'for-refused.db') };
    await seed(source);
    const bytes = (path: string) => readFileSync(path).toString('base64');
    const attempt = async (target: string, expected: string) => {
      const before = bytes(target);
      const io = captureIo(dir);
      expect(await copyCli(source, target, io)).not.toBe(0);
      expect(io.err).toContain(expected);
      expect(bytes(target)).toBe(before);
      expect(existsSync(`${target}-wal`)).toBe(false);
    };

    const foreign = join(dir, 'customers.db');
    const other = new Database(foreign);
    other.exec("CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES ('x')");
    other.close();
    await attempt(foreign, 'not a banbridge store (it has tables customers)');

    const newer = join(dir, 'newer.db');
    const future = new Database(newer);
    future.pragma('user_version = 99');
    future.close();
    await attempt(newer, 'STORE_TOO_NEW');

    // A banbridge store one schema back, holding bans: not upgraded, not switched to WAL.
    const older = join(dir, 'older-target.db');
    await seed({ path: older });
    const db = new Database(older);
    const latest = db.pragma('user_version', { simple: true }) as number;
    db.pragma('journal_mode = DELETE');
    db.pragma(`user_version = ${latest - 1}`);
    db.close();
    await attempt(older, 'already holds bans');
  });

  it('takes a mistyped PostgreSQL URL for no path: nothing is created and the password is not shown', async () => {
    const source = { path: join(dir, 'for-urls.db') };
    await seed(source);
    for (const to of [
      'postgres//bb:pg-secret-4f1c9e@127.0.0.1:5432/db',
      'postgress://bb:pg-secret-4f1c9e@127.0.0.1:5432/db',
      'mysql://bb:pg-secret-4f1c9e@127.0.0.1/db',
      ':memory:',
      '',
    ]) {
      const io = captureIo(dir);
      expect(await copyCli(source, to, io), to).toBe(2);
      expect(io.out + io.err).not.toContain('pg-secret-4f1c9e');
    }
    expect(existsSync(join(dir, 'postgres'))).toBe(false);
    // A target that cannot be reached is named as the target, its password masked.
    const unreachable = new URL('postgres://bb:pg-secret-4f1c9e@127.0.0.1:1/nowhere');
    const io = captureIo(dir);
    expect(await copyCli(source, unreachable.href, io)).not.toBe(0);
    expect(io.err).toMatch(/STORE_UNAVAILABLE: target postgres:\/\/[^ ]*\*\*\*/);
    expect(io.out + io.err).not.toContain('pg-secret-4f1c9e');
    expect(parseTarget('Postgres://bb@127.0.0.1/db')).toEqual({
      url: 'Postgres://bb@127.0.0.1/db',
    });
    expect(parseTarget('./data/copy.db')).toEqual({ path: './data/copy.db' });
    expect(parseTarget('backup@2026-12-03T10:00.db')).toEqual({
      path: 'backup@2026-12-03T10:00.db',
    });
  });
});

describe('a store a newer banbridge wrote', () => {
  it('is STORE_TOO_NEW for every command, and left as it was', async () => {
    const path = join(dir, 'from-the-future.db');
    await seed({ path });
    const db = new Database(path);
    db.pragma('journal_mode = DELETE');
    db.pragma('user_version = 99');
    db.close();
    const before = readFileSync(path).toString('base64');
    const io = captureIo(dir);
    expect(await runCli(['status', '--config', configWith({ path })], io)).not.toBe(0);
    expect(io.err).toContain('STORE_TOO_NEW');
    expect(io.err).toContain('written by a newer banbridge (schema 99');
    await expect(Store.open({ path })).rejects.toMatchObject({ code: 'STORE_TOO_NEW' });
    expect(readFileSync(path).toString('base64')).toBe(before);
  });
});
