import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileAllowlist } from '../../src/core/ip/index.js';
import { buildPipeline } from '../../src/main/build-pipeline.js';
import type { PipelineContext } from '../../src/pipeline/context.js';
import { expireDue } from '../../src/pipeline/expire.js';
import { report } from '../../src/pipeline/report.js';
import { withdraw } from '../../src/pipeline/withdraw.js';
import { Store } from '../../src/store/store.js';
import { testStoreConfig } from '../helpers/test-store.js';
import { RecordingLog } from '../helpers/recording-log.js';
import { configFrom, testConfigObject } from '../helpers/service.js';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const API = { credential: 'web01', detector: 'api' };

describe('report pipeline (a real SQLite file, no HTTP)', () => {
  let dir: string;
  let store: Store;
  let log: RecordingLog;
  let clock: number;
  let queued: number;

  const pipeline = (policy: Record<string, unknown> = {}): PipelineContext => {
    const config = configFrom(testConfigObject(dir, { policy }), dir);
    return buildPipeline(
      config,
      store,
      () => compileAllowlist(config.policy.allowlist),
      log,
      () => clock,
      ['edge1'],
      () => queued++,
    );
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'banbridge-pipe-'));
    store = await Store.open(testStoreConfig(dir));
    log = new RecordingLog();
    clock = T0;
    queued = 0;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('max_new_bans_per_minute: new bans past the allowance are RATE_LIMITED, hits on active bans are not', async () => {
    const ctx = pipeline({ max_new_bans_per_minute: 2 });
    const first = await report(ctx, API, [{ ip: '45.155.205.1' }, { ip: '45.155.205.2' }]);
    expect(first.rateLimited).toBe(false);
    const second = await report(ctx, API, [{ ip: '45.155.205.1' }, { ip: '45.155.205.3' }]);
    expect(second.decisions.map((d) => d.code ?? d.outcome)).toEqual(['accepted', 'RATE_LIMITED']);
    // Not every address was refused: the answer is not a 429.
    expect(second.rateLimited).toBe(false);
    expect(second.retryAfterSeconds).toBe(60);
    const third = await report(ctx, API, [{ ip: '45.155.205.4' }]);
    expect(third.rateLimited).toBe(true);
    // The window slides: a minute later the source may ban again.
    clock = T0 + 60_001;
    expect((await report(ctx, API, [{ ip: '45.155.205.4' }])).decisions[0]?.outcome).toBe(
      'accepted',
    );
  });

  it('the allowance is per credential', async () => {
    const ctx = pipeline({ max_new_bans_per_minute: 1 });
    await report(ctx, API, [{ ip: '45.155.205.1' }]);
    const other = await report(ctx, { credential: 'web02', detector: 'api' }, [
      { ip: '45.155.205.2' },
    ]);
    expect(other.decisions[0]?.outcome).toBe('accepted');
  });

  it('max_active_bans: CAPACITY refuses new bans, logged as an error, while hits still count', async () => {
    const ctx = pipeline({ max_active_bans: 2 });
    await report(ctx, API, [{ ip: '45.155.205.1' }, { ip: '45.155.205.2' }]);
    const full = await report(ctx, API, [{ ip: '45.155.205.3' }, { ip: '45.155.205.1' }]);
    expect(full.decisions.map((d) => d.code ?? d.outcome)).toEqual(['CAPACITY', 'accepted']);
    expect(await store.bans.countActive()).toBe(2);
    expect(
      log.lines.some((l) => l.level === 'error' && l.message.startsWith('active-ban cap')),
    ).toBe(true);
  });

  it('reports submitted together are judged in one call: one clock reading, one transaction', async () => {
    const ctx = { ...pipeline(), now: () => ++clock };
    const before = clock;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => report(ctx, API, [{ ip: `45.155.207.${i + 1}` }])),
    );
    expect(results.every((r) => r.decisions[0]?.new === true)).toBe(true);
    // Judged alone, each report would have read the clock once: six readings.
    expect(clock - before).toBe(1);
    const at = new Set(
      (await Promise.all(results.map((_, i) => store.audit.forKey(`45.155.207.${i + 1}`, 1)))).map(
        (rows) => rows[0]?.at,
      ),
    );
    expect(at).toEqual(new Set([before + 1]));
  });

  it('max_active_bans counts as the store does: restarting a ban that ran out (not yet ended) takes no more room', async () => {
    const ctx = pipeline({ max_active_bans: 3 });
    clock = T0 - 600_000;
    await report(ctx, API, [{ ip: '45.155.205.1', durationMs: 60_000 }, { ip: '45.155.205.2' }]);
    clock = T0;
    // .1 ran out but is still counted (active = 1 until expireDue ends it): 2 of 3.
    expect(await store.bans.countActive()).toBe(2);
    const result = await report(ctx, API, [{ ip: '45.155.205.1' }, { ip: '45.155.205.3' }]);
    expect(result.decisions.map((d) => d.code ?? (d.new === true ? 'new' : d.outcome))).toEqual([
      'new',
      'new',
    ]);
    expect(await store.bans.countActive()).toBe(3);
    const full = await report(ctx, API, [{ ip: '45.155.205.4' }]);
    expect(full.decisions[0]?.code).toBe('CAPACITY');
    // Logged once per refusal, after the commit.
    expect(log.lines.filter((l) => l.message.startsWith('active-ban cap'))).toHaveLength(1);
  });

  it('report-only requests are recorded and never banned or queued', async () => {
    const ctx = pipeline();
    const result = await report(ctx, API, [{ ip: '45.155.205.9', reportOnly: true }]);
    expect(result.decisions[0]?.outcome).toBe('recorded');
    expect(await store.bans.get('45.155.205.9')).toBeUndefined();
    expect(queued).toBe(0);
  });

  it('logs one greppable info line per decision that changes something', async () => {
    const ctx = pipeline();
    await report(ctx, API, [
      { ip: '45.155.205.233', reason: 'ssh brute force', durationMs: 3_600_000 },
    ]);
    await report(ctx, API, [{ ip: '45.155.205.233', durationMs: 3_600_000 }]); // a hit, no change
    clock = T0 + 1_800_000;
    await report(ctx, API, [{ ip: '45.155.205.233', durationMs: 3_600_000 }]); // lengthened
    await report(ctx, API, [{ ip: '10.1.2.3' }]);
    await withdraw(ctx, { credential: 'web01', detector: 'api', admin: false }, '45.155.205.233');
    await report(ctx, API, [{ ip: '45.155.205.234', durationMs: 60_000 }]);
    clock += 120_000;
    await expireDue(ctx);
    const info = log.lines.filter((l) => l.level === 'info').map((l) => l.message);
    expect(info).toEqual([
      'Ban 45.155.205.233',
      'Extend 45.155.205.233',
      'Refuse 10.1.2.3: IP_RESERVED',
      'Unban 45.155.205.233',
      'Ban 45.155.205.234',
      'Unban 45.155.205.234',
    ]);
    expect(log.lines[0]?.meta).toMatchObject({
      key: '45.155.205.233',
      duration: '1h',
      offence: 1,
      source: 'web01',
      detector: 'api',
      reason: 'ssh brute force',
    });
    expect(log.lines.find((l) => l.message === 'Unban 45.155.205.234')?.meta).toMatchObject({
      by: 'expiry',
    });
  });

  it('reports judged together in one transaction decide and store exactly what one after another would', async () => {
    const policy = { max_new_bans_per_minute: 3, max_active_bans: 5 };
    const WEB02 = { credential: 'web02', detector: 'fail2ban', claim: 'web02/sshd@h' };
    const reports: [typeof API | typeof WEB02, Parameters<typeof report>[2]][] = [
      [API, [{ ip: '45.155.205.1' }, { ip: '45.155.205.2', reason: 'ssh' }]],
      [WEB02, [{ ip: '45.155.205.1' }, { ip: '10.0.0.1' }]],
      [API, [{ ip: '45.155.205.3' }, { ip: '45.155.205.4' }]],
      [API, [{ ip: '45.155.205.5', reportOnly: true }]],
      [WEB02, [{ ip: '45.155.205.9', durationMs: 7_200_000 }, { ip: '2a02:c207::1' }]],
      [WEB02, [{ ip: '45.155.205.9', durationMs: 86_400_000 }, { ip: '45.155.205.8' }]],
      [WEB02, [{ ip: '45.155.205.7' }, { ip: '45.155.205.1' }, { ip: '198.51.100.4' }]],
      [API, [{ ip: '45.155.205.1' }, { ip: '45.155.205.10', permanent: true }]],
    ];
    // Both stores start alike: a ban that ran out (not yet ended by expireDue, its claim still
    // active) and one lifted, so reports on them restart them and count a second offence.
    const prepare = async (ctx: PipelineContext) => {
      clock = T0 - 600_000;
      await report(ctx, API, [{ ip: '45.155.205.9', durationMs: 60_000 }, { ip: '45.155.205.7' }]);
      await withdraw(ctx, { credential: 'web01', detector: 'api', admin: false }, '45.155.205.7');
      clock = T0;
    };
    const tables = async (s: Store) => {
      const bans = await s.bans.query({ limit: 100 });
      const keys = bans.map((b) => b.key);
      return {
        bans,
        claims: await Promise.all(keys.map((k) => s.bans.claims(k))),
        offences: await Promise.all(keys.map((k) => s.bans.offence(k))),
        audit: (await Promise.all(keys.map((k) => s.audit.forKey(k, 100)))).map((rows) =>
          rows.map(({ id: _id, ...row }) => row),
        ),
        pending: (await s.outbox.due('edge1', T0, 100)).map((op) => `${op.op} ${op.key}`).sort(),
        active: await s.bans.countActive(),
        newBans: await s.newBans.since('web01', T0 - 60_000),
      };
    };

    const together = pipeline(policy);
    await prepare(together);
    const concurrent = await Promise.all(
      reports.map(([source, requests]) => report(together, source, requests)),
    );

    const otherDir = mkdtempSync(join(tmpdir(), 'banbridge-pipe-'));
    const first = store;
    store = await Store.open(testStoreConfig(otherDir));
    try {
      const alone = pipeline(policy);
      await prepare(alone);
      const sequential = [];
      for (const [source, requests] of reports)
        sequential.push(await report(alone, source, requests));
      expect(concurrent).toEqual(sequential);
      // The sequence met the limits: a rate-limited and a capacity refusal, and a restart.
      const codes = sequential.flatMap((r) => r.decisions.map((d) => d.code ?? d.outcome));
      expect(codes).toEqual(expect.arrayContaining(['RATE_LIMITED', 'CAPACITY', 'IP_RESERVED']));
      expect(await tables(first)).toEqual(await tables(store));
      expect((await tables(store)).offences.some((o) => o?.count === 2)).toBe(true);
      // The ban that ran out restarted for web02 alone: web01's claim on it was released.
      expect(
        (await store.bans.claims('45.155.205.9')).map((c) => [c.source, c.active, c.hits]),
      ).toEqual([
        ['web01', 0, 1],
        ['web02/sshd@h', 1, 2],
      ]);
    } finally {
      await store.close();
      store = first;
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('a refused text with a newline cannot forge a log line', async () => {
    const ctx = pipeline();
    await report(ctx, API, [{ ip: '1.2.3.4\nBan 8.8.8.8' }]);
    const refused = log.lines.find((l) => l.message.startsWith('Refuse'));
    expect(refused?.message).toBe('Refuse "1.2.3.4\\nBan 8.8.8.8": IP_INVALID');
  });

  it('a rolled-back report logs nothing', async () => {
    const ctx = pipeline();
    await store.close();
    await expect(report(ctx, API, [{ ip: '45.155.205.233' }])).rejects.toThrow();
    expect(log.lines.filter((l) => l.message.startsWith('Ban'))).toEqual([]);
    store = await Store.open(testStoreConfig(dir));
  });
});
