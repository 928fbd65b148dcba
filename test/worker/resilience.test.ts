import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../helpers/cleanups.js';
import { BanbridgeError } from '../../src/core/errors.js';
import { startService } from '../../src/main/start-service.js';
import { DryRunTarget } from '../../src/targets/dry-run/dry-run-target.js';
import type { ObservedEntry } from '../../src/targets/target.js';
import { RecordingLog } from '../helpers/recording-log.js';
import {
  basic,
  configFrom,
  REPORTER,
  startTestService,
  testConfigObject,
  type TestService,
} from '../helpers/service.js';
import { addresses, FAST_WORKER, routerConfig, startSim, waitFor } from './sim-helpers.js';

/** A device whose list read is refused (e.g. a user without read rights on one list). */
class ListRefusingTarget extends DryRunTarget {
  listCalls = 0;
  override async list(): Promise<ObservedEntry[]> {
    this.listCalls++;
    throw new BanbridgeError(
      'ROUTER_TRAP',
      'router refused /ip/firewall/address-list/print: not enough permissions (9)',
    );
  }
}

const cleanup = cleanupsAfterEach();

describe('worker resilience', () => {
  it('a refused list read does not stop queued bans from being applied, nor loop on the router', async () => {
    const log = new RecordingLog();
    const target = new ListRefusingTarget(log, { name: 'edge1' });
    const svc: TestService = await startTestService(
      { worker: FAST_WORKER },
      { targets: [target], probeIntervalMs: 200 },
    );
    cleanup(() => svc.close());
    const res = await svc.request('POST', '/v1/bans', {
      auth: basic(REPORTER),
      body: { ip: '45.155.205.233' },
    });
    expect(res.status).toBe(202);
    await waitFor(
      'ban applied despite the failed reconcile',
      () => svc.service.pool.status()[0]?.pending === 0,
      5_000,
    );
    expect(await svc.service.store.outbox.counts()).toContainEqual({
      router: 'edge1',
      state: 'done',
      n: 1,
    });
    const calls = target.listCalls;
    await new Promise((r) => setTimeout(r, 1500));
    // no re-read storm: the next reconcile waits for the sync interval (10 s here)
    expect(target.listCalls - calls).toBeLessThanOrEqual(1);
    expect(svc.service.pool.status()[0]).toMatchObject({
      state: 'connected',
      lastSync: { reason: 'failed' },
    });
    expect(svc.log.lines.some((l) => l.message.startsWith('router reconciliation failed'))).toBe(
      true,
    );
  });

  it('allowlisting a banned address lifts the ban everywhere at the next start', async () => {
    const sim = await startSim();
    cleanup(() => sim.stop());
    const first = await startTestService(
      { routers: [routerConfig('edge1', sim)], worker: FAST_WORKER },
      { probeIntervalMs: 200 },
    );
    await first.request('POST', '/v1/bans', {
      auth: basic(REPORTER),
      body: { ip: '93.184.216.34' },
    });
    await waitFor('entry on the router', () => addresses(sim).includes('93.184.216.34'));
    await first.service.close();

    const object = testConfigObject(first.dir, {
      routers: [routerConfig('edge1', sim)],
      worker: FAST_WORKER,
    });
    (object.policy as { allowlist: string[] }).allowlist.push('93.184.216.0/24');
    const again = await startService(configFrom(object, first.dir), new RecordingLog(), {
      probeIntervalMs: 200,
    });
    cleanup(async () => {
      await again.close();
    });
    expect(await again.store.bans.get('93.184.216.34')).toMatchObject({
      active: 0,
      ended_by: 'allowlist',
    });
    await waitFor('entry removed from the router', () => !addresses(sim).includes('93.184.216.34'));
  });
});
