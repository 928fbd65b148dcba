import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileAllowlist } from '../../src/core/ip/index.js';
import { buildPipeline } from '../../src/main/build-pipeline.js';
import { EXPIRE_BATCH, expireDue } from '../../src/pipeline/expire.js';
import { report } from '../../src/pipeline/report.js';
import { Store } from '../../src/store/store.js';
import { RecordingLog } from '../helpers/recording-log.js';
import { configFrom, testConfigObject } from '../helpers/service.js';
import { testStoreConfig } from '../helpers/test-store.js';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const ROUTERS = ['edge1', 'edge2'];

/** n public addresses, 45.64.x.y. */
const addresses = (n: number, from = 0) =>
  Array.from(
    { length: n },
    (_, i) => `45.64.${Math.floor((from + i) / 250)}.${((from + i) % 250) + 1}`,
  );

describe('expiry: bans whose time ran out end in batches, every router told', () => {
  let dir: string;
  let store: Store;
  let clock: number;
  let queued: number;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'banbridge-expire-'));
    store = await Store.open(testStoreConfig(dir));
    clock = T0;
    queued = 0;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends more than a batch of bans: rows, claims, one removal per router and key, audit', async () => {
    const config = configFrom(
      testConfigObject(dir, { policy: { max_new_bans_per_minute: 100_000 } }),
      dir,
    );
    const ctx = buildPipeline(
      config,
      store,
      () => compileAllowlist(config.policy.allowlist),
      new RecordingLog(),
      () => clock,
      ROUTERS,
      () => queued++,
    );
    const source = { credential: 'web01', detector: 'api' };
    const due = addresses(EXPIRE_BATCH + 150);
    const later = addresses(20, due.length);
    await report(
      ctx,
      source,
      due.map((ip) => ({ ip, durationMs: 60_000 })),
    );
    await report(
      ctx,
      source,
      later.map((ip) => ({ ip, durationMs: 3_600_000 })),
    );
    clock = T0 + 120_000;
    queued = 0;

    // A full batch says more may be due; the rest come with the next call.
    expect(await expireDue(ctx)).toBe(EXPIRE_BATCH);
    expect(await expireDue(ctx)).toBe(150);
    expect(await expireDue(ctx)).toBe(0);
    expect(queued).toBe(2);

    for (const ip of [due[0], due[EXPIRE_BATCH], due.at(-1)] as string[]) {
      expect(await store.bans.get(ip)).toMatchObject({
        active: 0,
        ended_at: T0 + 120_000,
        ended_by: 'expiry',
      });
      expect((await store.bans.claims(ip)).map((c) => c.active)).toEqual([0]);
    }
    expect(await store.bans.get(later[0] as string)).toMatchObject({ active: 1, ended_at: null });
    expect(await store.bans.countActive()).toBe(later.length);

    for (const router of ROUTERS) {
      const removes = await store.db.all<{ key: string; family: number; state: string }>(
        "SELECT key, family, state FROM outbox WHERE router = ? AND op = 'remove' ORDER BY id",
        [router],
      );
      expect(removes).toHaveLength(due.length);
      expect(new Set(removes.map((r) => r.key))).toEqual(new Set(due));
      expect(removes.every((r) => r.family === 4 && r.state === 'pending')).toBe(true);
      // The add each ban queued was still pending: the removal superseded it.
      const adds = await store.db.all<{ state: string; n: number }>(
        "SELECT state, count(*) AS n FROM outbox WHERE router = ? AND op = 'add' GROUP BY state ORDER BY state",
        [router],
      );
      expect(adds.map((a) => [a.state, Number(a.n)])).toEqual([
        ['pending', later.length],
        ['superseded', due.length],
      ]);
    }
    const audit = await store.db.all<{ key: string; credential: string; outcome: string }>(
      "SELECT key, credential, outcome FROM audit WHERE action = 'expire' ORDER BY id",
    );
    expect(audit).toHaveLength(due.length);
    expect(new Set(audit.map((a) => a.key))).toEqual(new Set(due));
    expect(audit.every((a) => a.credential === 'banbridge' && a.outcome === 'lifted')).toBe(true);
  });
});
