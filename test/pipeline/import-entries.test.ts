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
});
