import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../helpers/cleanups.js';
import type { RouterSim } from '../../src/sim/router-sim.js';
import {
  ADMIN_TOKEN,
  basic,
  REPORTER,
  startTestService,
  type TestService,
} from '../helpers/service.js';
import {
  addresses,
  FAST_WORKER,
  LIST,
  ROUTER_USER,
  routerConfig,
  startSim,
  waitFor,
} from './sim-helpers.js';

const rep = basic(REPORTER);
const admin = `Bearer ${ADMIN_TOKEN}`;
const cleanup = cleanupsAfterEach();

async function setup(
  sims: RouterSim[],
  extra: Record<string, unknown> = {},
  routerExtra: Record<string, unknown> = {},
): Promise<TestService> {
  const svc = await startTestService(
    {
      routers: sims.map((sim, i) => routerConfig(`edge${i + 1}`, sim, routerExtra)),
      worker: FAST_WORKER,
      policy: { max_new_bans_per_minute: 100_000, allowlist: ['198.51.100.0/24'] },
      ...extra,
    },
    { probeIntervalMs: 200 },
  );
  cleanup(() => svc.close());
  return svc;
}
async function sim(options = {}): Promise<RouterSim> {
  const s = await startSim(options);
  cleanup(() => s.stop());
  return s;
}
function ip(i: number): string {
  return `5.2.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}

describe('bans reach the router', () => {
  it('an accepted IPv4 and IPv6 ban lands in the address lists with a banbridge comment and a timeout', async () => {
    const edge = await sim();
    const svc = await setup([edge]);
    await svc.request('POST', '/v1/bans', {
      auth: rep,
      body: { ip: '45.155.205.233', reason: 'ssh brute force' },
    });
    await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: '2a01:4f8:c17:1::1' } });
    await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: '10.1.2.3' } });
    await waitFor(
      'both entries',
      () => addresses(edge, 4).length === 1 && addresses(edge, 6).length === 1,
    );
    const [v4] = edge.entries(4, LIST);
    expect(v4).toMatchObject({ address: '45.155.205.233', dynamic: true });
    expect(v4?.comment).toMatch(/^banbridge web01: ssh brute force/);
    expect((v4?.expiresAt ?? 0) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(edge.entries(6, LIST)[0]?.address).toBe('2a01:4f8:c17:1::/64');
  });

  it('static mode adds entries without timeout; unban removes them', async () => {
    const edge = await sim();
    const svc = await setup([edge], {}, { entry_mode: 'static' });
    await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: '45.155.205.234' } });
    await waitFor('entry', () => addresses(edge).includes('45.155.205.234'));
    expect(edge.entries(4, LIST)[0]).toMatchObject({ dynamic: false, expiresAt: undefined });
    const res = await svc.request('DELETE', '/v1/bans/45.155.205.234', { auth: admin });
    expect(res.body.lifted).toBe(true);
    await waitFor('removal', () => addresses(edge).length === 0);
  });

  it('an expired ban is removed from a static router', async () => {
    const edge = await sim();
    const svc = await setup([edge], {}, { entry_mode: 'static' });
    await svc.request('POST', '/v1/bans', {
      auth: rep,
      body: { ip: '45.155.205.235', duration: '1s' },
    });
    await waitFor('entry', () => addresses(edge).includes('45.155.205.235'));
    await waitFor('expiry removal', () => addresses(edge).length === 0, 15_000);
    expect(await svc.service.store.bans.get('45.155.205.235')).toMatchObject({
      active: 0,
      ended_by: 'expiry',
    });
  });

  it('one ban goes to every router; a router that is down never delays the other', async () => {
    const up = await sim();
    const down = await sim();
    await down.refuseConnections();
    const svc = await setup([up, down]);
    for (let i = 0; i < 300; i++)
      await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: ip(i) } });
    await waitFor('router up fully applied', () => addresses(up).length === 300);
    expect(addresses(down)).toHaveLength(0);
    const status = await svc.request('GET', '/v1/status', { auth: admin });
    const byName = Object.fromEntries(
      status.body.routers.map((r: { name: string }) => [r.name, r]),
    );
    expect(byName.edge1).toMatchObject({ state: 'connected', pending: 0 });
    expect(byName.edge2.state).toBe('down');
    expect(byName.edge2.pending).toBe(300);
    expect((await svc.request('GET', '/readyz')).status).toBe(200);
    const metrics = (await svc.request('GET', '/metrics')).body as string;
    expect(metrics).toContain('banbridge_router_up{router="edge1"} 1');
    expect(metrics).toContain('banbridge_router_up{router="edge2"} 0');
    expect(metrics).toMatch(/banbridge_outbox_operations\{router="edge2",state="pending"\} 300/);
  });
});

describe('router down, reboot, drift', () => {
  it('2,000 bans while the router is down are all present after it comes back, none twice', async () => {
    const edge = await sim();
    await edge.refuseConnections();
    const svc = await setup([edge]);
    for (let i = 0; i < 2000; i++) {
      const res = await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: ip(i) } });
      expect(res.status).toBe(202);
    }
    expect(addresses(edge)).toHaveLength(0);
    await edge.acceptConnections();
    await waitFor('2,000 entries', () => addresses(edge).length === 2000, 30_000);
    const list = addresses(edge);
    expect(new Set(list).size).toBe(2000);
    await waitFor('outbox drained', () => svc.service.pool.status()[0]?.pending === 0);
    const routers = (await svc.request('GET', '/v1/status', { auth: admin })).body.routers;
    expect(routers[0].last_sync.added + routers[0].last_sync.in_place).toBeGreaterThanOrEqual(2000);
  }, 60_000);

  it('a rebooted router (dynamic entries lost) is restored without waiting for the sync interval', async () => {
    const edge = await sim();
    const svc = await setup([edge]);
    for (let i = 0; i < 50; i++)
      await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: ip(i) } });
    await waitFor('50 entries', () => addresses(edge).length === 50);
    const comments = () => new Map(edge.entries(4, LIST).map((e) => [e.address, e.comment]));
    const before = comments();
    edge.reboot();
    expect(addresses(edge)).toHaveLength(0);
    await waitFor('restored after reboot', () => addresses(edge).length === 50, 10_000);
    expect(svc.log.text()).toMatch(/reconnect|rebooted/);
    // The reconcile writes the same comments as the queued adds did (source and reason).
    expect(comments()).toEqual(before);
    expect([...before.values()].every((c) => /^banbridge \S+/.test(c ?? ''))).toBe(true);
  });

  it('hand-made entries: foreign ones are never touched, stray owned ones wait for the guard, duplicates cause no error loop', async () => {
    const edge = await sim();
    // the operator's own entries, one of which banbridge will also be asked to ban
    edge.addEntry(4, { list: LIST, address: '93.184.216.34', comment: 'manual block' });
    edge.addEntry(4, { list: LIST, address: '45.155.205.240', comment: 'manual, later reported' });
    // an entry marked as banbridge's that the ban database does not want (e.g. left over)
    edge.addEntry(4, { list: LIST, address: '45.155.205.241', comment: 'banbridge stale' });
    // the same address banbridge will add, already present with a banbridge comment
    edge.addEntry(4, {
      list: LIST,
      address: '45.155.205.242',
      comment: 'banbridge earlier',
      timeout: '1h',
    });
    const svc = await setup([edge]);
    await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: '45.155.205.240' } });
    await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: '45.155.205.242' } });
    await waitFor('outbox drained', () => svc.service.pool.status()[0]?.pending === 0);
    // A store that never synced with this router does not remove (the mass-removal guard).
    svc.service.pool.requestSync('edge1');
    await waitFor(
      'guard holds the stale one',
      () => svc.service.pool.status()[0]?.guard?.held === 1,
    );
    expect(svc.service.pool.status()[0]?.guard).toMatchObject({ held: 1, reason: 'never_synced' });
    expect(addresses(edge)).toContain('45.155.205.241');
    const byAddress = Object.fromEntries(edge.entries(4, LIST).map((e) => [e.address, e]));
    expect(byAddress['93.184.216.34']?.comment).toBe('manual block');
    expect(byAddress['45.155.205.240']?.comment).toBe('manual, later reported');
    // the duplicate was refreshed to the ban's full remaining time, not re-added
    expect((byAddress['45.155.205.242']?.expiresAt ?? 0) - Date.now()).toBeGreaterThan(
      23 * 3600_000,
    );
    expect(edge.entries(4, LIST).filter((e) => e.address === '45.155.205.242')).toHaveLength(1);
    const failed = (await svc.service.store.outbox.counts()).filter((c) => c.state === 'failed');
    expect(failed).toEqual([]);
  });

  it("an operator's disabled entry is not the ban in place: refused as ROUTER_SHADOWED, never shown present", async () => {
    const edge = await sim();
    edge.addEntry(4, {
      list: LIST,
      address: '45.155.205.250',
      comment: 'manual, disabled',
      disabled: true,
    });
    const svc = await setup([edge]);
    await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: '45.155.205.250' } });
    await waitFor('the add refused', async () => {
      const res = await svc.request('GET', '/v1/bans/45.155.205.250', { auth: admin });
      return JSON.stringify(res.body).includes('ROUTER_SHADOWED');
    });
    const res = await svc.request('GET', '/v1/bans/45.155.205.250', { auth: admin });
    expect(res.body.routers).toEqual([
      expect.objectContaining({
        router: 'edge1',
        state: 'pending',
        error: expect.objectContaining({ code: 'ROUTER_SHADOWED' }),
      }),
    ]);
    // A reconcile does not count it in place either: it tries to add banbridge's own entry.
    const before = svc.service.pool.status()[0]?.lastSyncAt ?? 0;
    svc.service.pool.requestSync('edge1');
    await waitFor('a reconcile', () => (svc.service.pool.status()[0]?.lastSyncAt ?? 0) > before);
    expect(svc.service.pool.status()[0]?.lastSync).toMatchObject({ in_place: 0, failed: 1 });
    // The operator's entry is left exactly as it was.
    expect(edge.entries(4, LIST).filter((e) => e.address === '45.155.205.250')).toEqual([
      expect.objectContaining({ comment: 'manual, disabled', disabled: true }),
    ]);
  });

  it("an operator's entry that runs out before the ban is replaced by banbridge's own once it has", async () => {
    const edge = await sim();
    edge.addEntry(4, { list: LIST, address: '45.155.205.251', comment: 'manual', timeout: '2s' });
    // No reconcile meanwhile: the ban's own retries must bring it back.
    const svc = await setup(
      [edge],
      { worker: { ...FAST_WORKER, max_attempts: 30 } },
      { sync_interval: '10m' },
    );
    await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: '45.155.205.251' } });
    await waitFor('banbridge entry in its place', () =>
      edge
        .entries(4, LIST)
        .some((e) => e.address === '45.155.205.251' && (e.comment ?? '').startsWith('banbridge')),
    );
    const res = await svc.request('GET', '/v1/bans/45.155.205.251', { auth: admin });
    expect(res.body.routers).toEqual([expect.objectContaining({ state: 'present' })]);
  });

  it('a restart with everything in place makes zero writes, and shutdown removes nothing', async () => {
    const edge = await sim();
    const first = await setup([edge]);
    for (let i = 0; i < 20; i++)
      await first.request('POST', '/v1/bans', { auth: rep, body: { ip: ip(i) } });
    await waitFor('20 entries', () => addresses(edge).length === 20);
    await waitFor('outbox drained', () => first.service.pool.status()[0]?.pending === 0);
    const ids = edge.entries(4, LIST).map((e) => `${e.id}:${e.address}`);
    await first.service.close();
    expect(addresses(edge)).toHaveLength(20);

    // Restart on the same store file.
    const { startService } = await import('../../src/main/start-service.js');
    const { configFrom, testConfigObject } = await import('../helpers/service.js');
    const { RecordingLog } = await import('../helpers/recording-log.js');
    const config = configFrom(
      testConfigObject(first.dir, { routers: [routerConfig('edge1', edge)], worker: FAST_WORKER }),
      first.dir,
    );
    const log = new RecordingLog();
    const restartedAt = Date.now();
    const again = await startService(config, log, { probeIntervalMs: 200 });
    try {
      await waitFor(
        'start reconcile',
        () => (again.pool.status()[0]?.lastSyncAt ?? 0) >= restartedAt,
      );
      expect(again.pool.status()[0]?.lastSync).toMatchObject({
        added: 0,
        removed: 0,
        refreshed: 0,
        in_place: 20,
      });
      expect(edge.entries(4, LIST).map((e) => `${e.id}:${e.address}`)).toEqual(ids);
    } finally {
      await again.close();
    }
  });

  it('a slow router (300 ms per reply) does not slow the HTTP answers, and the queue drains', async () => {
    const edge = await sim({ latencyMs: 300 });
    const svc = await setup([edge]);
    const started = Date.now();
    for (let i = 0; i < 200; i++) {
      const res = await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: ip(i) } });
      expect(res.status).toBe(202);
    }
    const httpMs = Date.now() - started;
    // 200 answers took far less than even one router round trip each would (200 × 300 ms).
    expect(httpMs).toBeLessThan(200 * 300);
    await waitFor('queue drained', () => addresses(edge).length === 200, 30_000);
  }, 60_000);

  it('a router that stalls times out, is retried, and recovers', async () => {
    const edge = await sim();
    const svc = await setup([edge]);
    await waitFor('connected', () => svc.service.pool.status()[0]?.state === 'connected');
    edge.stall();
    await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: '45.155.205.250' } });
    await waitFor('marked down', () => svc.service.pool.status()[0]?.state === 'down', 10_000);
    expect(svc.service.pool.status()[0]?.lastError?.code).toMatch(
      /ROUTER_TIMEOUT|ROUTER_DISCONNECTED/,
    );
    edge.resume();
    await waitFor(
      'applied after recovery',
      () => addresses(edge).includes('45.155.205.250'),
      15_000,
    );
  }, 30_000);

  it('wrong router credentials: ROUTER_AUTH names the router, the password is never logged', async () => {
    const edge = await sim();
    const svc = await setup([edge], {}, { password: 'definitely-wrong-pw' });
    await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: '45.155.205.251' } });
    await waitFor(
      'auth failure seen',
      () => svc.service.pool.status()[0]?.lastError?.code === 'ROUTER_AUTH',
    );
    expect(svc.service.pool.status()[0]?.lastError?.message).toContain('edge1');
    expect(svc.log.text()).not.toContain('definitely-wrong-pw');
  });

  it('refused credentials are retried minutes apart, not every second, and a sync tries at once', async () => {
    const edge = await sim();
    // The router's password is not the one configured: every login fails.
    edge.removeUser(ROUTER_USER.name);
    edge.addUser({ name: ROUTER_USER.name, password: 'changed-on-the-router' });
    const svc = await setup([edge]);
    await waitFor('the first refusal', () => edge.stats().failedLogins === 1);
    // Reports wake the worker; a wake is not an attempt (RECONNECT would try every second).
    for (let i = 0; i < 5; i++) {
      await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: ip(300 + i) } });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(edge.stats().failedLogins).toBe(1);
    expect(svc.service.pool.status()[0]).toMatchObject({
      state: 'down',
      lastError: expect.objectContaining({ code: 'ROUTER_AUTH' }),
    });
    // Fixed on the router; the operator asks for a sync: tried now, and everything goes out.
    edge.removeUser(ROUTER_USER.name);
    edge.addUser(ROUTER_USER);
    expect((await svc.request('POST', '/v1/sync', { auth: admin })).status).toBe(202);
    await waitFor('the queued bans', () => addresses(edge).length === 5);
    expect(edge.stats().failedLogins).toBe(1);
  });
});
