import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/capture-io.js';
import type { RouterSim } from '../../src/sim/router-sim.js';
import { configFrom, testConfigObject } from '../helpers/service.js';
import { RecordingLog } from '../helpers/recording-log.js';
import { startService } from '../../src/main/start-service.js';
import { storeLocation } from '../../src/config/store-location.js';
import { Store } from '../../src/store/store.js';
import {
  addresses,
  FAST_WORKER,
  LIST,
  routerConfig,
  startSim,
  waitFor,
} from '../worker/sim-helpers.js';

let dir: string;
let sim: RouterSim;
let configFile: string;
let configObject: Record<string, unknown>;

async function cli(...args: string[]) {
  const c = captureIo(dir);
  const code = await runCli([...args, '--config', configFile], c);
  return { code, out: c.out, err: c.err };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'banbridge-cli-'));
  sim = await startSim();
  configObject = testConfigObject(dir, {
    routers: [routerConfig('edge1', sim, { entry_mode: 'static' })],
    worker: FAST_WORKER,
  });
  configFile = join(dir, 'banbridge.yaml');
  writeFileSync(configFile, stringify(configObject));
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('operator commands on the store', () => {
  it('ban, list, status, sync, unban', async () => {
    const ban = await cli(
      'ban',
      '45.155.205.233',
      '--reason',
      'seen in auth.log',
      '--duration',
      '2h',
    );
    expect(ban).toMatchObject({ code: 0 });
    expect(ban.out).toMatch(/^45\.155\.205\.233: banned as 45\.155\.205\.233 until /);

    const refused = await cli('ban', '10.0.0.1');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('IP_RESERVED');

    const invalid = await cli('ban', '010.0.0.1');
    expect(invalid.code).toBe(2);
    expect(invalid.err).toContain('IP_INVALID');

    const list = await cli('list');
    expect(list.out).toContain('45.155.205.233');
    expect(list.out).toContain('cli');
    expect(list.out).toContain('1 ban(s)');
    expect(list.out).toMatch(/45\.155\.205\.233 .* cli\s+seen in auth\.log$/m);
    const json = await cli('list', '--json');
    expect(JSON.parse(json.out.trim())).toMatchObject({
      key: '45.155.205.233',
      active: true,
      reason: 'seen in auth.log',
    });

    const status = await cli('status');
    expect(status.out).toContain('bans: 1 active');
    expect(status.out).toMatch(/^edge1\s+unknown\s+1\s+0\s+never\s+-\s+-\s+-$/m);

    const sync = await cli('sync');
    expect(sync.code).toBe(0);
    expect(sync.out).toMatch(/edge1: .*"added":1/);
    expect(addresses(sim)).toEqual(['45.155.205.233']);

    const unban = await cli('unban', '45.155.205.233');
    expect(unban.code).toBe(0);
    await cli('sync', '--router', 'edge1');
    expect(addresses(sim)).toEqual([]);

    const unknownRouter = await cli('sync', '--router', 'nope');
    expect(unknownRouter.code).toBe(1);
    expect(unknownRouter.err).toContain('no enabled router named nope');
  });

  it('list shows a reporter-written reason without terminal controls (C0, C1, bidi)', async () => {
    // ESC [2J, CSI (U+009B) 31m, a right-to-left override and a carriage return.
    const reason = 'ssh\u001b[2J \u009b31m red \u202eevil\rhidden';
    expect((await cli('ban', '45.155.205.240', '--reason', reason)).code).toBe(0);
    const list = await cli('list');
    const line = list.out.split('\n').find((l) => l.startsWith('45.155.205.240')) ?? '';
    expect(line).toContain('ssh [2J  31m red  evil hidden');
    const controls = [...line].filter((c) => {
      const code = c.codePointAt(0) as number;
      return code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e);
    });
    expect(controls).toEqual([]);
    await cli('unban', '45.155.205.240');
  });

  it('import writes nothing while another instance drives the router (holds its lease)', async () => {
    sim.addEntry(4, { list: LIST, address: '93.184.216.99', comment: 'manual' });
    const store = await Store.open(storeLocation(configFrom(configObject, dir)));
    try {
      expect(await store.leases.acquire('edge1', 'serve@elsewhere', 60_000)).toBe(true);
      const refused = await cli('import', '--router', 'edge1');
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/LEASE_HELD: edge1 is driven by serve@elsewhere \(lease until /);
      expect(sim.entries(4, LIST).find((e) => e.address === '93.184.216.99')?.comment).toBe(
        'manual',
      );
      expect(await store.bans.get('93.184.216.99')).toBeUndefined();
      // The lease is still the other instance's: a refused import takes nothing over.
      expect((await store.leases.live('edge1'))?.holder).toBe('serve@elsewhere');
    } finally {
      await store.leases.release('edge1', 'serve@elsewhere');
      await store.close();
      const table = sim.table(4);
      const added = table.findByKey(LIST, '93.184.216.99');
      if (added) table.delete(added);
    }
  });

  it('import adopts existing entries after the policy checks, then manages them', async () => {
    sim.addEntry(4, { list: LIST, address: '93.184.216.34', comment: 'manual block 2024' });
    sim.addEntry(4, { list: LIST, address: '10.9.9.9', comment: 'lab' });
    sim.addEntry(4, { list: LIST, address: '192.0.2.55' });
    sim.addEntry(6, { list: LIST, address: '2a01:4f8:c17:2::/64', comment: 'v6 scanner' });
    const dry = await cli('import', '--router', 'edge1', '--dry-run');
    expect(dry.out).toContain('93.184.216.34: would import');
    const imported = await cli('import', '--router', 'edge1');
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('10.9.9.9: skipped IP_RESERVED');
    expect(imported.out).toContain('192.0.2.55: skipped IP_RESERVED');
    expect(imported.out).toMatch(
      /4 entries read, 2 imported \(2 marked as banbridge's\), 2 skipped/,
    );
    const entry = sim.entries(4, LIST).find((e) => e.address === '93.184.216.34');
    expect(entry?.comment).toBe('banbridge import: manual block 2024');
    // skipped ones are left exactly as they were
    expect(sim.entries(4, LIST).find((e) => e.address === '10.9.9.9')?.comment).toBe('lab');
    const list = await cli('list');
    expect(list.out).toContain('93.184.216.34');
    expect(list.out).toContain('permanent');
    expect(list.out).toContain('import/edge1');
    // now banbridge's: lifting the ban removes it from the router
    await cli('unban', '93.184.216.34');
    await cli('sync');
    expect(addresses(sim)).not.toContain('93.184.216.34');
    expect(addresses(sim)).toContain('10.9.9.9');
  });

  it('is safe while serve runs on the same store: a CLI ban reaches the router through the worker', async () => {
    const config = configFrom(configObject, dir);
    const service = await startService(config, new RecordingLog(), { probeIntervalMs: 200 });
    try {
      const ban = await cli('ban', '185.220.101.77');
      expect(ban.code).toBe(0);
      await waitFor(
        'worker applied the CLI ban',
        () => addresses(sim).includes('185.220.101.77'),
        10_000,
      );
    } finally {
      await service.close();
    }
  });
});
