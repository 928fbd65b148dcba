import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../helpers/cleanups.js';
import { RouterSim } from '../../src/sim/router-sim.js';
import { basic, REPORTER, startTestService, type TestService } from '../helpers/service.js';
import { addresses, LIST, ROUTER_USER, routerConfig, startSim, waitFor } from './sim-helpers.js';

const rep = basic(REPORTER);
const cleanup = cleanupsAfterEach();

/** Default retry settings (retry_max 5m): recovery must not depend on them. */
async function serve(
  router: Record<string, unknown>,
  options: { probeIntervalMs?: number } = {},
): Promise<TestService> {
  const svc = await startTestService(
    { routers: [router], policy: { max_new_bans_per_minute: 100_000 } },
    { probeIntervalMs: options.probeIntervalMs ?? 200 },
  );
  cleanup(() => svc.close());
  return svc;
}

/** A router whose API port accepts TCP and closes at once (API service restarting). */
async function closingPort(): Promise<{
  port: number;
  accepted: () => number;
  close: () => Promise<void>;
}> {
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    accepted: () => accepted,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function ip(i: number): string {
  return `5.2.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}

describe('recovery', () => {
  it('reports during an outage are not connection attempts, spend no attempts, and land once the API answers', async () => {
    const away = await closingPort();
    const config = {
      ...routerConfig('edge1', { port: away.port } as RouterSim),
      port: away.port,
    };
    const svc = await serve(config);
    await waitFor('marked down', () => svc.service.pool.status()[0]?.state === 'down');
    const before = away.accepted();
    for (let i = 0; i < 150; i++) {
      const res = await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: ip(i) } });
      expect(res.status).toBe(202);
    }
    // 150 wake-ups; the worker still only tries on its own reconnect schedule (≤ 1 s apart).
    const attempts = away.accepted() - before;
    expect(attempts).toBeLessThan(40);
    const queued = await svc.service.store.outbox.due('edge1', Date.now(), 1000);
    expect(queued).toHaveLength(150);
    expect(queued.every((op) => op.attempts === 0)).toBe(true);

    await away.close();
    const edge = new RouterSim({ users: [ROUTER_USER] });
    await edge.start({ port: away.port });
    cleanup(() => edge.stop());
    // retry_max is 5 minutes here: the bans arrive on the reconnect schedule, not that one.
    await waitFor('all bans on the router', () => addresses(edge).length === 150, 15_000);
    // The queue count is re-read after the batch is settled (one more commit): wait for it.
    await waitFor('the queue counted empty', () => svc.service.pool.status()[0]?.pending === 0);
    expect(svc.service.pool.status()[0]).toMatchObject({ state: 'connected', pending: 0 });
    const ups = svc.log.lines.filter((l) => l.message === 'router reachable again');
    const downs = svc.log.lines.filter((l) => l.message.startsWith('router unavailable'));
    expect(downs).toHaveLength(1); // one clear message per outage, not one per attempt
    expect(ups).toHaveLength(1);
  }, 40_000);

  it('a reboot (connection dropped, dynamic entries gone) is repaired at once, not at the next probe', async () => {
    const edge = await startSim();
    cleanup(() => edge.stop());
    const svc = await serve(routerConfig('edge1', edge, { sync_interval: '10m' }), {
      probeIntervalMs: 600_000,
    });
    for (let i = 0; i < 40; i++)
      await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: ip(i) } });
    await waitFor('40 entries', () => addresses(edge).length === 40);
    // The start reconcile must be behind us, or it (not the reconnect) may do the repair.
    await waitFor('start reconcile recorded', () => svc.service.pool.status()[0]?.lastSync != null);
    edge.reboot();
    expect(addresses(edge)).toHaveLength(0);
    // Neither the probe (10 min) nor the sync interval (10 min) can be what restores them.
    await waitFor('restored', () => addresses(edge).length === 40, 15_000);
    // The router holds the entries a moment before the reconcile has recorded its summary
    // (one more store commit), so wait for that summary rather than read it at once.
    await waitFor('the reconcile recorded', () =>
      /reconnect|reboot/.test(String(svc.service.pool.status()[0]?.lastSync?.reason)),
    );
  }, 30_000);

  it('a store failure is not "router down" and does not feed the router backoff', async () => {
    const edge = await startSim();
    cleanup(() => edge.stop());
    const svc = await serve(routerConfig('edge1', edge));
    await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: '45.155.205.233' } });
    await waitFor('entry', () => addresses(edge).includes('45.155.205.233'));
    svc.service.store.close();
    await waitFor('store failure logged', () =>
      svc.log.lines.some((l) => l.message.startsWith('router worker could not use the store')),
    );
    const status = svc.service.pool.status()[0];
    expect(status?.state).toBe('connected');
    expect(status?.lastError).toBeNull();
    expect(svc.log.lines.some((l) => l.message.startsWith('router unavailable'))).toBe(false);
  });
});

describe('entries someone changed on the router', () => {
  it('an owned entry someone disabled is re-enabled and counted; a foreign disabled one is reported only', async () => {
    const edge = await startSim();
    cleanup(() => edge.stop());
    const svc = await serve(routerConfig('edge1', edge));
    await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: '45.155.205.233' } });
    await waitFor('entry', () => addresses(edge).includes('45.155.205.233'));
    const owned = edge.entries(4, LIST)[0];
    if (owned) owned.disabled = true;
    edge.addEntry(4, { list: LIST, address: '8.8.4.4', comment: 'test', disabled: true });
    svc.service.pool.requestSync('edge1');
    await waitFor('re-enabled', () => edge.entries(4, LIST)[0]?.disabled === false);
    await waitFor('summary', () => svc.service.pool.status()[0]?.lastSync?.reenabled === 1);
    expect(svc.service.pool.status()[0]?.lastSync).toMatchObject({
      reenabled: 1,
      foreign: 1,
      foreign_disabled: 1,
      removed: 0,
    });
    expect(edge.entries(4, LIST).find((e) => e.address === '8.8.4.4')?.disabled).toBe(true);
  });
});
