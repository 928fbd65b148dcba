import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../helpers/cleanups.js';
import { runCli } from '../../src/cli/main.js';
import type { RouterSim } from '../../src/sim/router-sim.js';
import { judgeRemovals } from '../../src/worker/removal-guard.js';
import { captureIo } from '../helpers/capture-io.js';
import {
  ADMIN_TOKEN,
  basic,
  REPORTER,
  startTestService,
  testConfigObject,
  type TestService,
} from '../helpers/service.js';
import { addresses, FAST_WORKER, LIST, routerConfig, startSim, waitFor } from './sim-helpers.js';

const rep = basic(REPORTER);
const admin = `Bearer ${ADMIN_TOKEN}`;
const cleanup = cleanupsAfterEach();

async function sim(): Promise<RouterSim> {
  const s = await startSim();
  cleanup(() => s.stop());
  return s;
}

async function serve(edge: RouterSim, worker: Record<string, unknown> = {}): Promise<TestService> {
  const svc = await startTestService(
    {
      routers: [routerConfig('edge1', edge)],
      worker: { ...FAST_WORKER, ...worker },
      policy: { max_new_bans_per_minute: 100_000 },
    },
    { probeIntervalMs: 200 },
  );
  cleanup(() => svc.close());
  return svc;
}

/** `banbridge …` in-process against the running service's own config and store. */
async function cli(svc: TestService, edge: RouterSim, ...args: string[]) {
  const file = join(svc.dir, 'cli.yaml');
  writeFileSync(
    file,
    stringify(testConfigObject(svc.dir, { routers: [routerConfig('edge1', edge)] })),
  );
  const io = captureIo(svc.dir);
  const code = await runCli([...args, '--config', file], io);
  return { code, out: io.out, err: io.err };
}

function ownedStale(edge: RouterSim, n: number, from = 1): void {
  for (let i = from; i < from + n; i++) {
    edge.addEntry(4, { list: LIST, address: `45.155.206.${i}`, comment: 'banbridge old' });
  }
}

describe('the mass-removal guard', () => {
  it('a new store does not wipe the router: adds go out, removals wait for sync --allow-removals', async () => {
    const edge = await sim();
    ownedStale(edge, 30);
    edge.addEntry(4, { list: LIST, address: '93.184.216.34', comment: 'manual block' });
    const svc = await serve(edge);
    await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: '45.155.205.233' } });
    await waitFor('new ban added', () => addresses(edge).includes('45.155.205.233'));
    await waitFor('guard held', () => svc.service.pool.status()[0]?.guard !== null);
    expect(addresses(edge)).toHaveLength(32);

    const status = await svc.request('GET', '/v1/status', { auth: admin });
    expect(status.body.routers[0].guard).toMatchObject({
      held: 30,
      reason: 'never_synced',
    });
    expect(status.body.routers[0].guard.since).toMatch(/^\d{4}-\d\d-\d\dT/);
    const ready = await svc.request('GET', '/readyz');
    expect(ready.body.routers[0].guard).toEqual({ held: 30, reason: 'never_synced' });
    const metrics = (await svc.request('GET', '/metrics')).body as string;
    expect(metrics).toContain('banbridge_router_removal_guard{router="edge1"} 1');
    const logged = svc.log.lines.find((l) => l.level === 'error' && /held back/.test(l.message));
    expect(logged?.message).toMatch(/30 of 3[01] banbridge entries/);
    expect(logged?.message).toContain('banbridge sync --router edge1 --allow-removals');

    const shown = await cli(svc, edge, 'status');
    expect(shown.out).toMatch(/REMOVALS HELD since .*: 30 of 3[01] .*never_synced/);
    const plain = await cli(svc, edge, 'sync');
    expect(plain.code).toBe(0);
    expect(plain.err).toContain('30 of 31 banbridge entries NOT removed (never_synced)');
    expect(addresses(edge)).toHaveLength(32);

    const allowed = await cli(svc, edge, 'sync', '--allow-removals');
    expect(allowed.code).toBe(0);
    expect(allowed.out).toContain('"removed":30');
    expect(addresses(edge).sort()).toEqual(['45.155.205.233', '93.184.216.34']);
    await waitFor('guard cleared', () => svc.service.pool.status()[0]?.guard === null);
    const after = (await svc.request('GET', '/metrics')).body as string;
    expect(after).toContain('banbridge_router_removal_guard{router="edge1"} 0');
  });

  it('a large share at once is held; a small one is not', async () => {
    const edge = await sim();
    const svc = await serve(edge);
    for (let i = 1; i <= 30; i++) {
      await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: `45.155.205.${i}` } });
    }
    await waitFor('30 entries', () => addresses(edge).length === 30);
    await waitFor('synced', () => svc.service.pool.status()[0]?.lastSync?.reason !== undefined);
    // 3 strays (3 of 33 = 9 %): removed at the next sync
    ownedStale(edge, 3);
    svc.service.pool.requestSync('edge1');
    await waitFor('3 strays removed', () => addresses(edge).length === 30);
    // 10 strays (10 of 40 = 25 % > 20 %): held
    ownedStale(edge, 10, 100);
    svc.service.pool.requestSync('edge1');
    await waitFor('guard held', () => svc.service.pool.status()[0]?.guard !== null);
    expect(svc.service.pool.status()[0]?.guard).toMatchObject({
      held: 10,
      owned: 40,
      reason: 'share',
    });
    expect(addresses(edge)).toHaveLength(40);
  });

  it('unbans queued while the router was away are no mass removal: removed; only strays are held', async () => {
    const edge = await sim();
    const svc = await serve(edge);
    for (let i = 1; i <= 40; i++) {
      await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: `45.155.207.${i}` } });
    }
    await waitFor('40 entries', () => addresses(edge).length === 40);
    await waitFor('synced', () => svc.service.pool.status()[0]?.lastSync?.reason !== undefined);
    await edge.refuseConnections();
    edge.dropConnections();
    await waitFor('router down', () => svc.service.pool.status()[0]?.state === 'down');
    // Half of them lifted meanwhile (20 of 55 owned: 36 % > the 20 % share), and 15 strays
    // nobody asked for (15 of 55 = 27 % > 20 %): only those are held back.
    for (let i = 1; i <= 20; i++) {
      expect(
        (await svc.request('DELETE', `/v1/bans/45.155.207.${i}`, { auth: admin })).status,
      ).toBe(200);
    }
    ownedStale(edge, 15, 150);
    await edge.acceptConnections();
    await waitFor('the 20 lifted removed', () => addresses(edge).length === 35);
    await waitFor('guard recorded', () => svc.service.pool.status()[0]?.guard !== null);
    expect(svc.service.pool.status()[0]?.guard).toMatchObject({ held: 15, reason: 'share' });
    expect(addresses(edge).filter((a) => a.startsWith('45.155.207.'))).toHaveLength(20);
    expect(addresses(edge).filter((a) => a.startsWith('45.155.206.'))).toHaveLength(15);
    await waitFor('outbox drained', () => svc.service.pool.status()[0]?.pending === 0);
  });

  it('a store that belongs to another router says so and removes nothing', async () => {
    const edge = await sim();
    const svc = await serve(edge);
    await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: '45.155.205.233' } });
    await waitFor('entry', () => addresses(edge).includes('45.155.205.233'));
    await waitFor('synced', () => svc.service.pool.status()[0]?.lastSync?.reason !== undefined);
    edge.identity = 'core-router-2';
    ownedStale(edge, 1);
    svc.service.pool.requestSync('edge1');
    await waitFor('guard held', () => svc.service.pool.status()[0]?.guard !== null);
    expect(svc.service.pool.status()[0]?.guard?.reason).toBe('identity_changed');
    const logged = svc.log.lines.find((l) => l.level === 'error' && /held back/.test(l.message));
    expect(logged?.message).toContain('"banbridge-sim (banbridge-sim)"');
    expect(logged?.message).toContain('"core-router-2 (banbridge-sim)"');
    expect(addresses(edge)).toContain('45.155.206.1');
  });

  it('worker.removal_guard.enabled: false removes at once', async () => {
    const edge = await sim();
    ownedStale(edge, 25);
    const svc = await serve(edge, { removal_guard: { enabled: false } });
    await waitFor('all strays removed', () => addresses(edge).length === 0);
    expect(svc.service.pool.status()[0]?.guard).toBeNull();
  });
});

describe('judgeRemovals', () => {
  const options = { enabled: true, maxShare: 0.2, minOwned: 20 };
  const facts = {
    remove: 5,
    owned: 100,
    recordedIdentity: 'a',
    identity: 'a',
    everSynced: true,
  };
  it.each([
    [{}, null],
    [{ remove: 21 }, 'share'],
    [{ remove: 20 }, null],
    [{ remove: 15, owned: 20 }, null], // 20 owned or fewer: the share rule does not apply
    [{ remove: 0, recordedIdentity: null, everSynced: false }, null],
    [{ recordedIdentity: null, everSynced: false }, 'never_synced'],
    [{ recordedIdentity: null, everSynced: true }, null], // a store synced before identities
    [{ identity: 'b' }, 'identity_changed'],
  ] as const)('%j → %s', (change, expected) => {
    expect(judgeRemovals({ ...facts, ...change }, options)).toBe(expected);
    expect(judgeRemovals({ ...facts, ...change }, { ...options, enabled: false })).toBeNull();
  });
});
