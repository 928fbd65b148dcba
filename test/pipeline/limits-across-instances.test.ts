import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileAllowlist } from '../../src/core/ip/index.js';
import { buildPipeline } from '../../src/main/build-pipeline.js';
import type { PipelineContext } from '../../src/pipeline/context.js';
import { report } from '../../src/pipeline/report.js';
import { Store } from '../../src/store/store.js';
import { RecordingLog } from '../helpers/recording-log.js';
import { configFrom, testConfigObject } from '../helpers/service.js';
import { testStoreConfig } from '../helpers/test-store.js';

/**
 * Two instances on one store (two Store objects, each with its own connection or pool),
 * reporting at once: the active-ban cap and the per-credential rate limit are counted in
 * the database, so together they never pass either.
 */
describe('limits across instances sharing one store', () => {
  let dir: string;
  let stores: Store[];

  const pipeline = (store: Store, policy: Record<string, unknown>): PipelineContext => {
    const config = configFrom(testConfigObject(dir, { policy }), dir);
    return buildPipeline(
      config,
      store,
      () => compileAllowlist(config.policy.allowlist),
      new RecordingLog(),
      () => Date.now(),
      [],
      () => undefined,
    );
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'banbridge-limits-'));
    const where = testStoreConfig(dir);
    stores = [await Store.open(where), await Store.open(where)];
  });
  afterEach(async () => {
    for (const s of stores) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** 40 reports of one new address each, alternating between the instances, all at once. */
  const flood = (contexts: PipelineContext[], credential: (i: number) => string) =>
    Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        report(contexts[i % 2] as PipelineContext, { credential: credential(i), detector: 'api' }, [
          { ip: `45.155.${Math.floor(i / 200)}.${(i % 200) + 1}` },
        ]),
      ),
    );

  it('max_active_bans holds for both together', async () => {
    const contexts = stores.map((s) => pipeline(s, { max_active_bans: 7 }));
    const results = await flood(contexts, (i) => `source${i}`);
    const outcomes = results.map((r) => r.decisions[0]?.code ?? r.decisions[0]?.outcome);
    expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(7);
    expect(outcomes.filter((o) => o === 'CAPACITY')).toHaveLength(33);
    for (const s of stores) expect(await s.bans.countActive()).toBe(7);
    expect((await stores[0]?.bans.counts())?.active).toBe(7);
  });

  it('max_new_bans_per_minute holds for one credential across both', async () => {
    const contexts = stores.map((s) => pipeline(s, { max_new_bans_per_minute: 5 }));
    const results = await flood(contexts, () => 'graylog');
    const outcomes = results.map((r) => r.decisions[0]?.code ?? r.decisions[0]?.outcome);
    expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'RATE_LIMITED')).toHaveLength(35);
    expect(await stores[1]?.newBans.since('graylog', 0)).toMatchObject({ count: 5 });
  });
});
