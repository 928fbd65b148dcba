import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BanbridgeError } from '../../src/core/errors.js';
import type { AuditEntry } from '../../src/store/audit.js';
import type { BanRow } from '../../src/store/bans.js';
import { migrations } from '../../src/store/migrations.js';
import { PURGE_BATCH } from '../../src/store/purge-in-batches.js';
import { Store, type StoreLocation } from '../../src/store/store.js';
import { databaseFor } from '../helpers/test-store.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let n = 0;
function freshLocation(driver: 'sqlite' | 'postgres'): StoreLocation {
  if (driver === 'postgres') return { url: databaseFor(`store_${process.pid}_${++n}`) };
  const dir = mkdtempSync(join(tmpdir(), 'banbridge-store-'));
  dirs.push(dir);
  return { path: join(dir, 'banbridge.db') };
}

function ban(key: string, over: Partial<BanRow> = {}): BanRow {
  return {
    key,
    family: key.includes(':') ? 6 : 4,
    first_seen: 1000,
    last_seen: 1000,
    hits: 1,
    banned_at: 1000,
    expires_at: 90_000,
    active: 1,
    reason: 'test',
    ended_at: null,
    ended_by: null,
    ...over,
  };
}

/** An accepted report's audit entry for `key` at `at`. */
function reported(key: string, at: number): AuditEntry {
  return { at, action: 'report', credential: 'c', detector: 'api', key, outcome: 'accepted' };
}

describe.each(['sqlite', 'postgres'] as const)('store on %s', (driver) => {
  const open: Store[] = [];
  const openStore = async (where = freshLocation(driver)) => {
    const store = await Store.open(where);
    open.push(store);
    return store;
  };
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });

  it('applies every migration once; reopening and concurrent opens change nothing', async () => {
    const where = freshLocation(driver);
    // Instances starting together: the migration lock makes one migrate, the others wait.
    const stores = await Promise.all([openStore(where), openStore(where), openStore(where)]);
    expect(stores[0]?.kind).toBe(driver);
    await openStore(where);
    const latest = Math.max(...migrations.map((m) => m.version));
    if ('url' in where) {
      const c = new pg.Client({ connectionString: where.url });
      await c.connect();
      const rows = await c.query('SELECT version FROM schema_version ORDER BY version');
      await c.end();
      expect(rows.rows.map((r: { version: string }) => Number(r.version))).toEqual(
        migrations.map((m) => m.version).sort((a, b) => a - b),
      );
    } else {
      const stored = await stores[0]?.db.get<{ user_version: number }>('PRAGMA user_version');
      expect(stored?.user_version).toBe(latest);
    }
  });

  it('saves bans and claims, and queries them with escaped prefixes and keyset pages', async () => {
    const store = await openStore();
    await store.transaction(async () => {
      for (const key of ['45.155.205.233', '45.155.205.234', '45_1.0.0.1', '2a01:4f8::/64']) {
        await store.bans.save(ban(key));
        await store.bans.claim(key, 'graylog', 'graylog', 1000);
      }
      await store.bans.save(ban('8.8.4.4', { active: 0, ended_at: 2000, ended_by: 'admin' }));
      await store.bans.claim('45.155.205.233', 'web01/sshd@web01', 'web01', 1500);
    });
    expect(await store.bans.get('45.155.205.233')).toMatchObject({ family: 4, hits: 1 });
    expect(await store.bans.get('2a01:4f8::/64')).toMatchObject({ family: 6, expires_at: 90_000 });
    expect((await store.bans.claims('45.155.205.233')).map((c) => c.source)).toEqual([
      'graylog',
      'web01/sshd@web01',
    ]);
    // `_` is a LIKE wildcard: escaped, it matches only itself
    expect((await store.bans.query({ prefix: '45_', limit: 10 })).map((b) => b.key)).toEqual([
      '45_1.0.0.1',
    ]);
    const page1 = await store.bans.query({ active: true, family: 4, limit: 2 });
    const page2 = await store.bans.query({
      active: true,
      family: 4,
      limit: 2,
      after: page1.at(-1)?.key as string,
    });
    expect([...page1, ...page2].map((b) => b.key).sort()).toEqual([
      '45.155.205.233',
      '45.155.205.234',
      '45_1.0.0.1',
    ]);
    expect((await store.bans.query({ source: 'web01', limit: 10 })).map((b) => b.key)).toEqual([
      '45.155.205.233',
    ]);
    expect(await store.bans.counts()).toEqual({
      active: 4,
      active_v4: 3,
      active_v6: 1,
      permanent: 0,
      total: 5,
    });
    expect(await store.bans.countActive()).toBe(4);
    expect(await store.bans.expiredKeys(100_000, 10)).toHaveLength(4);
    await store.bans.releaseClaim('45.155.205.233', 'graylog');
    const claims = await store.bans.claims('45.155.205.233');
    expect(claims.map((c) => [c.source, c.active])).toEqual([
      ['graylog', 0],
      ['web01/sshd@web01', 1],
    ]);
  });

  it('reads what a router diff needs: active keys, bans in force, comment facts for any number of keys', async () => {
    const store = await openStore();
    // More keys than one IN (…) list holds (500), so the chunking is exercised.
    const keys = Array.from({ length: 1203 }, (_, i) => `45.${64 + (i >> 8)}.${i & 255}.1`);
    await store.transaction(async () => {
      for (const [i, key] of keys.entries()) {
        const expires_at = i === 0 ? 500 : i === 1 ? null : 90_000;
        await store.bans.save(ban(key, { reason: `r${i}`, expires_at }));
        await store.bans.claim(key, 'web02', 'fail2ban', 2000);
        await store.bans.claim(key, 'web01', 'fail2ban', 1000);
      }
      await store.bans.save(ban('45.99.0.1', { active: 0, ended_at: 900, ended_by: 'expiry' }));
      await store.bans.releaseClaim(keys[7] as string, 'web02');
    });
    // Active, expired or not (the expiry job ends them): every key, and only those.
    expect(new Set(await store.bans.activeKeys())).toEqual(new Set(keys));
    const inForce = await store.bans.inForce(1000);
    expect(inForce).toHaveLength(keys.length - 1);
    expect(inForce.find((b) => b.key === keys[0])).toBeUndefined();
    expect(inForce.find((b) => b.key === keys[1])).toEqual({
      key: keys[1],
      family: 4,
      expiresAt: null,
    });
    const facts = await store.bans.commentFacts([...keys, '45.99.0.1', '45.100.0.1']);
    expect(facts.size).toBe(keys.length + 1);
    // Sources in claim order (first seen), released claims left out.
    expect(facts.get(keys[1202] as string)).toEqual({
      reason: 'r1202',
      sources: ['web01', 'web02'],
    });
    expect(facts.get(keys[7] as string)).toEqual({ reason: 'r7', sources: ['web01'] });
    expect(facts.get('45.99.0.1')).toEqual({ reason: 'test', sources: [] });
    expect(facts.has('45.100.0.1')).toBe(false);
  });

  it('keeps one pending outbox op per router and key, and settles after a reconcile', async () => {
    const store = await openStore();
    await store.outbox.enqueue(['edge1', 'edge2'], 'add', '45.155.205.233', 4, 10);
    await store.outbox.enqueue(['edge1'], 'remove', '45.155.205.233', 4, 20);
    await store.outbox.enqueue(['edge1'], 'add', '8.8.4.4', 4, 30);
    const due = await store.outbox.due('edge1', 100, 10);
    expect(due.map((o) => [o.op, o.key])).toEqual([
      ['remove', '45.155.205.233'],
      ['add', '8.8.4.4'],
    ]);
    expect(await store.outbox.pending('edge1')).toBe(2);
    expect(await store.outbox.nextDueAt('edge1')).toBe(20);
    await store.outbox.retry(due[0]?.id as number, 500, 'ROUTER_TIMEOUT', 'slow');
    expect(await store.outbox.nextDueAt('edge1')).toBe(30);
    const max = await store.outbox.maxId('edge1');
    expect(await store.outbox.settleUpTo('edge1', max, 40, ['8.8.4.4'])).toBe(1);
    expect(await store.outbox.pending('edge1')).toBe(1);
    await store.outbox.doneAll([due[1]?.id as number], 50);
    const counts = await store.outbox.counts();
    expect(counts).toEqual(
      expect.arrayContaining([
        { router: 'edge1', state: 'superseded', n: 2 },
        { router: 'edge1', state: 'done', n: 1 },
        { router: 'edge2', state: 'pending', n: 1 },
      ]),
    );
    expect(await store.outbox.purgeFinished(1000)).toBe(3);
  });

  it('group commit: concurrent transactions share commits; a failing one rolls back alone', async () => {
    const where = freshLocation(driver);
    const store = await openStore(where);
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        store.transaction(async () => {
          await store.bans.save(ban(`45.155.205.${i + 1}`));
          if (i % 10 === 3) throw new Error(`member ${i} fails`);
          await store.bans.claim(`45.155.205.${i + 1}`, 'x', 'x', 1);
          return i;
        }),
      ),
    );
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(4);
    // a second connection sees exactly what was committed
    const other = await openStore(where);
    expect(await other.bans.countActive()).toBe(36);
    expect(await other.bans.get('45.155.205.4')).toBeUndefined();
    expect(await other.bans.get('45.155.205.5')).toMatchObject({ active: 1 });
  });

  it('group commit: combined members share one call; when it fails, only what fails alone is rejected', async () => {
    const where = freshLocation(driver);
    const store = await openStore(where);
    const calls: number[][] = [];
    // Writes each item's ban with one statement; item 7 makes the call fail.
    const combine = async (items: number[]) => {
      calls.push(items);
      await store.bans.saveAll(items.map((i) => ban(`45.155.206.${i + 1}`)));
      if (items.includes(7)) throw new Error('item 7 fails');
      return items.map((i) => i * 10);
    };
    const results = await Promise.allSettled([
      ...Array.from({ length: 12 }, (_, i) => store.combined(combine, i)),
      // a plain transaction in the same batch
      store.transaction(async () => {
        await store.bans.save(ban('45.155.206.100'));
        return 'plain';
      }),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'rejected'))).toEqual([
      0,
      10,
      20,
      30,
      40,
      50,
      60,
      'rejected',
      80,
      90,
      100,
      110,
      'plain',
    ]);
    // One call for the twelve, then each alone after it failed.
    expect(calls[0]).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(calls.slice(1)).toEqual(Array.from({ length: 12 }, (_, i) => [i]));
    const other = await openStore(where);
    expect(await other.bans.countActive()).toBe(12);
    expect(await other.bans.get('45.155.206.8')).toBeUndefined();
    expect(await other.bans.get('45.155.206.9')).toMatchObject({ active: 1 });
    // Work runs in arrival order: a plain transaction between combined members splits them.
    const order: string[] = [];
    const note = async (items: string[]) => {
      order.push(items.join('+'));
      return items;
    };
    await Promise.all([
      store.combined(note, 'a'),
      store.combined(note, 'b'),
      store.transaction(async () => void order.push('plain')),
      store.combined(note, 'c'),
    ]);
    expect(order).toEqual(['a+b', 'plain', 'c']);
    // Inside a transaction, an item runs alone, joining it.
    await store.transaction(async () => {
      expect(await store.combined(combine, 20)).toBe(200);
    });
    expect(calls.at(-1)).toEqual([20]);
  });

  it('writes many rows with one statement per slice: bans, offences, claims, audit, outbox', async () => {
    const store = await openStore();
    // 2,000 rows: more than one slice of every table (multi-row.ts keeps 900 parameters).
    const keys = Array.from({ length: 2000 }, (_, i) => `45.${156 + (i >> 8)}.1.${i & 255}`);
    await store.transaction(async () => {
      await store.bans.saveAll(keys.map((key) => ban(key)));
      await store.bans.saveOffences(
        keys.map((key) => ({ key, count: 2, last_ban_at: 5, last_duration_ms: 60_000 })),
      );
      await store.bans.claimAll(
        keys.map((key) => ({ key, source: 'a', credential: 'c', hits: 3 })),
        7,
      );
      await store.audit.appendAll(keys.map((key, i) => reported(key, i)));
      await store.outbox.enqueueAll(
        ['edge1'],
        keys.map((key) => ({ op: 'add' as const, key, family: 4 as const })),
        9,
      );
    });
    expect(await store.bans.countActive()).toBe(2000);
    const some = keys.filter((_, i) => i % 97 === 0);
    expect([...(await store.bans.getMany(some)).keys()].sort()).toEqual([...some].sort());
    expect((await store.bans.offencesOf(keys)).get(keys[1999] as string)).toEqual({
      key: keys[1999],
      count: 2,
      last_ban_at: 5,
      last_duration_ms: 60_000,
    });
    expect(await store.bans.claims(keys[1500] as string)).toEqual([
      expect.objectContaining({ source: 'a', hits: 3, active: 1, first_seen: 7 }),
    ]);
    // Audit ids ascend in the order given.
    const audit = await store.audit.forKey(keys[1234] as string, 5);
    expect(audit).toEqual([expect.objectContaining({ at: 1234 })]);
    expect(await store.outbox.due('edge1', 9, 5000)).toHaveLength(2000);
    // A claim released and claimed again starts over; its hits keep adding up.
    await store.transaction(async () => {
      await store.bans.releaseAllClaimsOf(keys);
      await store.bans.claimAll(
        [{ key: keys[0] as string, source: 'a', credential: 'c', hits: 2 }],
        11,
      );
      // Re-queuing supersedes what was pending for the key.
      await store.outbox.enqueueAll(
        ['edge1'],
        [{ op: 'remove', key: keys[0] as string, family: 4 }],
        12,
      );
    });
    expect(await store.bans.claims(keys[0] as string)).toEqual([
      expect.objectContaining({ hits: 5, active: 1, first_seen: 11 }),
    ]);
    expect(await store.bans.claims(keys[1] as string)).toEqual([
      expect.objectContaining({ hits: 3, active: 0 }),
    ]);
    const due = await store.outbox.due('edge1', 12, 5000);
    expect(due).toHaveLength(2000);
    expect(due.filter((op) => op.key === keys[0])).toEqual([
      expect.objectContaining({ op: 'remove' }),
    ]);
  });

  it('settles after a reconcile that kept more keys than one statement may bind', async () => {
    const store = await openStore();
    // 33,010 pending ops; a reconcile covered them all but kept 33,000 keys (held back by the
    // guard, or failed): SQLite binds at most 32,766 parameters per statement.
    const keys = Array.from(
      { length: 33_010 },
      (_, i) => `45.${160 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
    );
    await store.transaction(() =>
      store.outbox.enqueueAll(
        ['edge1'],
        keys.map((key) => ({ op: 'remove' as const, key, family: 4 as const })),
        9,
      ),
    );
    const max = await store.outbox.maxId('edge1');
    expect(await store.outbox.settleUpTo('edge1', max, 10, keys.slice(0, 33_000))).toBe(10);
    expect(await store.outbox.pending('edge1')).toBe(33_000);
  });

  it('purges old audit rows and finished outbox rows in batches, keeping the rest', async () => {
    const store = await openStore();
    // More than two batches of old rows (PURGE_BATCH each), and newer ones that stay.
    const old = 2 * PURGE_BATCH + 7;
    const keys = Array.from({ length: old + 3 }, (_, i) => `45.${156 + (i >> 8)}.2.${i & 255}`);
    await store.transaction(async () => {
      await store.audit.appendAll(keys.map((key, i) => reported(key, i < old ? 100 : 5000)));
      await store.outbox.enqueueAll(
        ['edge1'],
        keys.map((key) => ({ op: 'add' as const, key, family: 4 as const })),
        9,
      );
    });
    const ids = (await store.outbox.due('edge1', 9, old + 10)).map((op) => op.id);
    await store.outbox.doneAll(ids.slice(0, old), 100);
    await store.outbox.doneAll(ids.slice(old, old + 2), 5000);

    expect(await store.audit.purgeBefore(1000)).toBe(old);
    expect(await store.outbox.purgeFinished(1000)).toBe(old);
    expect((await store.audit.forKey(keys[old] as string, 5)).map((r) => r.at)).toEqual([5000]);
    expect(await store.audit.forKey(keys[0] as string, 5)).toEqual([]);
    // Two finished after the cut-off and one still pending stay.
    expect(await store.outbox.counts()).toEqual(
      expect.arrayContaining([
        { router: 'edge1', state: 'done', n: 2 },
        { router: 'edge1', state: 'pending', n: 1 },
      ]),
    );
    expect(await store.audit.purgeBefore(1000)).toBe(0);
  });
  it('counts new bans per credential in a window (rate limit across instances)', async () => {
    const store = await openStore();
    await store.transaction(() => store.newBans.record('graylog', 1000, 3, 0));
    await store.transaction(() => store.newBans.record('graylog', 50_000, 1, 0));
    await store.transaction(() => store.newBans.record('web01', 50_000, 2, 0));
    expect(await store.newBans.since('graylog', 500)).toEqual({ count: 4, oldest: 1000, stale: 0 });
    expect(await store.newBans.since('graylog', 1000)).toEqual({
      count: 1,
      oldest: 50_000,
      stale: 3,
    });
    expect(await store.newBans.since('nobody', 0)).toEqual({ count: 0, oldest: null, stale: 0 });
    // rows before the window stay until enough gathered (bounded reads), then go at once
    await store.transaction(() => store.newBans.record('graylog', 60_000, 1, 10_000, 3));
    expect(await store.newBans.since('graylog', 10_000)).toMatchObject({ count: 2, stale: 3 });
    // record() forgets rows at or before its `from`; the kept count follows
    await store.transaction(() => store.newBans.record('graylog', 70_000, 1, 10_000));
    expect(await store.newBans.since('graylog', 0)).toEqual({ count: 3, oldest: 50_000, stale: 0 });
    expect(await store.newBans.since('web01', 0)).toEqual({ count: 2, oldest: 50_000, stale: 0 });
  });

  it('keeps the active-ban count through inserts, upserts that end or restart a ban, and deletes', async () => {
    const store = await openStore();
    const recount = async () => (await store.bans.counts()).active;
    await store.transaction(async () => {
      for (const k of ['45.155.205.1', '45.155.205.2', '45.155.205.3'])
        await store.bans.save(ban(k));
      await store.bans.save(ban('45.155.205.4', { active: 0 }));
    });
    expect(await store.bans.countActive()).toBe(3);
    // upserts: one ends, one is hit again (stays active), the inactive one restarts
    await store.transaction(async () => {
      await store.bans.save(ban('45.155.205.1', { active: 0, ended_at: 2000, ended_by: 'x' }));
      await store.bans.save(ban('45.155.205.2', { hits: 2 }));
      await store.bans.save(ban('45.155.205.4'));
    });
    expect(await store.bans.countActive()).toBe(3);
    expect(await recount()).toBe(3);
    // a member rolled back to its savepoint takes its count change with it
    const failing = store.transaction(async () => {
      await store.bans.save(ban('45.155.205.9'));
      throw new Error('rolled back');
    });
    const passing = store.transaction(() => store.bans.save(ban('45.155.205.10')));
    await expect(failing).rejects.toThrow('rolled back');
    await passing;
    expect(await store.bans.countActive()).toBe(4);
    await store.transaction(() => store.db.run("DELETE FROM bans WHERE key = '45.155.205.10'"));
    expect(await store.bans.countActive()).toBe(3);
    expect(await recount()).toBe(3);
  });

  it('sync requests: asked, answered once by the reconcile that covered them, or withdrawn', async () => {
    const store = await openStore();
    const requests = store.syncRequests;
    expect(await requests.open('edge1')).toBeNull();
    const first = await requests.ask('edge1', 'sync@a', false);
    const second = await requests.ask('edge1', 'sync@b', true);
    await requests.ask('edge2', 'sync@c', false);
    expect(second).toBeGreaterThan(first);
    expect(await requests.open('edge1')).toEqual({ upTo: second, allowRemovals: true });
    // a request recorded after the reconcile started is not covered by its answer
    await requests.answer('edge1', first, 'serve-1', { summary: { added: 1 } });
    expect(await requests.get(first)).toMatchObject({
      answered_by: 'serve-1',
      summary: '{"added":1}',
      error_code: null,
    });
    expect(await requests.open('edge1')).toEqual({ upTo: second, allowRemovals: true });
    await requests.answer('edge1', second, 'serve-1', { code: 'ROUTER_TIMEOUT', message: 'slow' });
    expect(await requests.get(second)).toMatchObject({
      error_code: 'ROUTER_TIMEOUT',
      summary: null,
    });
    expect(await requests.open('edge1')).toBeNull();
    // an answered request stays; an open one can be withdrawn
    await requests.withdraw(second);
    expect(await requests.get(second)).toBeDefined();
    const third = await requests.ask('edge2', 'sync@d', false);
    await requests.withdraw(third);
    expect(await requests.get(third)).toBeUndefined();
    expect(await requests.open('edge2')).toMatchObject({ allowRemovals: false });
  });

  it('a closed store answers STORE_UNAVAILABLE, never a driver error', async () => {
    const store = await openStore();
    await store.close();
    const error = await store.bans.get('45.155.205.233').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BanbridgeError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', status: 503, retryable: true });
    expect(await store.transaction(async () => 1).catch((e: unknown) => e)).toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    expect(await store.ping()).toBe(false);
  });
});

describe('store on postgres: failures', () => {
  it('an unreachable server is STORE_UNAVAILABLE, and no message carries the password', async () => {
    const url = 'postgres://banbridge:pw-never-shown@127.0.0.1:1/banbridge';
    const error = (await Store.open({ url }).catch((e: unknown) => e)) as BanbridgeError;
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(`${error.message} ${String(error.cause)}`).not.toContain('pw-never-shown');
  });

  it('a lost connection fails the request with STORE_UNAVAILABLE; the next one reconnects', async () => {
    const url = databaseFor(`lost_${process.pid}`);
    const store = await Store.open({ url });
    try {
      await store.bans.save(ban('45.155.205.233'));
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      await admin.end();
      const first = await store.bans.get('45.155.205.233').catch((e: unknown) => e);
      // the pool notices the dead connection either on use (STORE_UNAVAILABLE) or before it
      if (first instanceof Error) expect(first).toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect(await store.bans.get('45.155.205.233')).toMatchObject({ active: 1 });
    } finally {
      await store.close();
    }
  });
});
