import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileAllowlist } from '../../src/core/ip/index.js';
import { buildPipeline } from '../../src/main/build-pipeline.js';
import { importEntries } from '../../src/pipeline/import-entries.js';
import { Store } from '../../src/store/store.js';
import type { ObservedEntry } from '../../src/targets/target.js';
import { testStoreConfig } from '../helpers/test-store.js';
import { RecordingLog } from '../helpers/recording-log.js';
import { configFrom, testConfigObject } from '../helpers/service.js';

const entry = (id: string, key: string, family: 4 | 6 = 6): ObservedEntry => ({
  id,
  key,
  family,
  comment: 'manual block',
  owned: false,
  dynamic: false,
  disabled: false,
  timeoutMs: null,
});

describe('import judges allowlisted addresses in their embedded-IPv4 forms too', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'banbridge-import-'));
    store = await Store.open(testStoreConfig(dir));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('skips NAT64, 6to4 and Teredo forms of an allowlisted IPv4 and imports the rest', async () => {
    const config = configFrom(testConfigObject(dir, { policy: { allowlist: ['8.8.8.8'] } }), dir);
    const log = new RecordingLog();
    const ctx = buildPipeline(
      config,
      store,
      () => compileAllowlist(config.policy.allowlist),
      log,
      () => Date.parse('2026-12-01T10:00:00Z'),
      ['edge1'],
      () => undefined,
    );
    const outcomes = await importEntries(ctx, 'edge1', [
      entry('*1', '64:ff9b::808:808/128'),
      entry('*2', '2002:808:808::/48'),
      entry('*3', '2001:0:4136:e378:8000:63bf:f7f7:f7f7/128'),
      entry('*4', '45.155.205.233', 4),
    ]);
    expect(outcomes.map((o) => o.code ?? o.outcome)).toEqual([
      'IP_ALLOWLISTED',
      'IP_ALLOWLISTED',
      'IP_ALLOWLISTED',
      'imported',
    ]);
    expect(await store.bans.countActive()).toBe(1);
    expect(log.lines.filter((l) => l.level === 'info').map((l) => l.message)).toEqual([
      'Ban 45.155.205.233',
    ]);
  });

  it('imports a long list in chunks, the active-ban cap counted across them, each committed', async () => {
    // 2,500 entries: three transactions (import-entries.ts IMPORT_CHUNK), a cap of 2,200.
    const config = configFrom(testConfigObject(dir, { policy: { max_active_bans: 2_200 } }), dir);
    const ctx = buildPipeline(
      config,
      store,
      () => compileAllowlist(config.policy.allowlist),
      new RecordingLog(),
      Date.now,
      ['edge1'],
      () => undefined,
    );
    const entries = Array.from({ length: 2_500 }, (_, i) =>
      entry(`*${i}`, `45.156.${i >> 8}.${i & 255}`, 4),
    );
    const outcomes = await importEntries(ctx, 'edge1', entries);
    expect(outcomes).toHaveLength(2_500);
    expect(outcomes.filter((o) => o.outcome === 'imported')).toHaveLength(2_200);
    expect(outcomes.slice(2_200).every((o) => o.code === 'CAPACITY')).toBe(true);
    expect(await store.bans.countActive()).toBe(2_200);
    // Running it again adopts nothing twice: the same bans, no new ones over the cap.
    const again = await importEntries(ctx, 'edge1', entries.slice(0, 1_200));
    expect(again.every((o) => o.outcome === 'imported')).toBe(true);
    expect(await store.bans.countActive()).toBe(2_200);
  });
});
