import { describe, expect, it } from 'vitest';
import { cleanupsAfterEach } from '../helpers/cleanups.js';
import { freePort } from '../helpers/daemons.js';
import type { RouterSim } from '../../src/sim/router-sim.js';
import {
  ADMIN_TOKEN,
  basic,
  REPORTER,
  startTestService,
  type TestService,
} from '../helpers/service.js';
import { FAST_WORKER, routerConfig, startSim, waitFor } from './sim-helpers.js';

const admin = `Bearer ${ADMIN_TOKEN}`;
const cleanup = cleanupsAfterEach();

async function serve(routers: Record<string, unknown>[]): Promise<TestService> {
  const svc = await startTestService({ routers, worker: FAST_WORKER }, { probeIntervalMs: 200 });
  cleanup(() => svc.close());
  return svc;
}

async function sim(): Promise<RouterSim> {
  const s = await startSim();
  cleanup(() => s.stop());
  return s;
}

/** GET /v1/sync/{id} until the request is answered. */
async function answer(svc: TestService, id: number): Promise<Record<string, any>> {
  let body: Record<string, any> = {};
  await waitFor(
    `sync request ${id} answered`,
    async () => {
      const res = await svc.request('GET', `/v1/sync/${id}`, { auth: admin });
      expect(res.status).toBe(200);
      body = res.body as Record<string, any>;
      return body.state !== 'waiting';
    },
    10_000,
  );
  return body;
}

describe('POST /v1/sync and GET /v1/sync/{id}', () => {
  it('records one request per router; the driving instance reconciles and answers each', async () => {
    const svc = await serve([
      routerConfig('edge1', await sim()),
      routerConfig('edge2', await sim()),
    ]);
    await waitFor('the first reconciles', () =>
      svc.service.pool.status().every((s) => s.lastSync !== null),
    );
    const asked = await svc.request('POST', '/v1/sync', { auth: admin });
    expect(asked.status).toBe(202);
    expect(asked.body.requested).toEqual(['edge1', 'edge2']);
    const requests = asked.body.requests as { router: string; id: number }[];
    expect(requests.map((r) => r.router)).toEqual(['edge1', 'edge2']);
    for (const { router, id } of requests) {
      const done = await answer(svc, id);
      expect(done).toMatchObject({
        id,
        router,
        requested_by: 'api:admin',
        state: 'done',
        error: null,
        summary: { reason: 'requested' },
      });
      const driver = svc.service.pool.status().find((s) => s.router === router)?.driver;
      expect(driver).toMatch(/\S/);
      expect(done.answered_by).toBe(driver);
      expect(Date.parse(done.answered_at)).toBeGreaterThanOrEqual(Date.parse(done.requested_at));
    }
    const one = await svc.request('POST', '/v1/sync?router=edge2', { auth: admin });
    expect([one.status, one.body.requested]).toEqual([202, ['edge2']]);
  });

  it('refuses reporters, unknown routers and unknown or malformed ids', async () => {
    const svc = await serve([routerConfig('edge1', await sim())]);
    const rep = basic(REPORTER);
    expect((await svc.request('POST', '/v1/sync', { auth: rep })).status).toBe(403);
    const nope = await svc.request('POST', '/v1/sync?router=nope', { auth: admin });
    expect([nope.status, nope.body.code]).toEqual([404, 'NOT_FOUND']);
    const asked = await svc.request('POST', '/v1/sync', { auth: admin });
    const id = (asked.body.requests as { id: number }[])[0]?.id;
    expect((await svc.request('GET', `/v1/sync/${id}`, { auth: rep })).status).toBe(403);
    expect((await svc.request('GET', `/v1/sync/${id}`)).status).toBe(401);
    expect((await svc.request('POST', '/v1/sync')).status).toBe(401);
    expect((await svc.request('HEAD', `/v1/sync/${id}`, { auth: admin })).status).toBe(200);
    for (const bad of ['0', 'abc', '1e3', '99999999', '1234567890123456']) {
      const res = await svc.request('GET', `/v1/sync/${bad}`, { auth: admin });
      expect([bad, res.status, res.body.code]).toEqual([bad, 404, 'NOT_FOUND']);
    }
    expect((await svc.request('DELETE', `/v1/sync/${id}`, { auth: admin })).status).toBe(405);
  });

  it('answers at once while the router is down, with why, instead of waiting for it', async () => {
    const up = await sim();
    const closed = await freePort('tcp');
    const svc = await serve([
      routerConfig('edge1', up),
      { ...routerConfig('edge2', up), port: closed },
    ]);
    await waitFor('edge2 seen down', () =>
      svc.service.pool.status().some((s) => s.router === 'edge2' && s.state === 'down'),
    );
    const asked = await svc.request('POST', '/v1/sync', { auth: admin });
    const [edge1, edge2] = asked.body.requests as { id: number }[];
    const failed = await answer(svc, edge2?.id ?? 0);
    expect(failed).toMatchObject({ state: 'failed', summary: null, router: 'edge2' });
    expect(failed.error.code).toBe('ROUTER_UNREACHABLE');
    expect(failed.error.message).toMatch(
      /^edge2 is unavailable \(.+\); the next attempt is in \d+ s, and it is reconciled as soon as it is back$/,
    );
    // Still down: the answer did not wait for a reconnect.
    expect(svc.service.pool.status().find((s) => s.router === 'edge2')?.state).toBe('down');
    expect((await answer(svc, edge1?.id ?? 0)).state).toBe('done');
  });

  it('a drop shorter than the grace is no failure: the reconcile after the reconnect answers', async () => {
    const edge = await sim();
    const svc = await serve([routerConfig('edge1', edge)]);
    const state = () => svc.service.pool.status()[0];
    await waitFor('the first reconcile', () => state()?.lastSync !== null);
    await edge.refuseConnections();
    edge.dropConnections();
    await waitFor('edge1 seen down', () => state()?.state === 'down');
    const asked = await svc.request('POST', '/v1/sync', { auth: admin });
    const id = (asked.body.requests as { id: number }[])[0]?.id ?? 0;
    // The request woke the worker while the router was down: it must not answer yet.
    const meanwhile = await svc.request('GET', `/v1/sync/${id}`, { auth: admin });
    expect(meanwhile.body.state).toBe('waiting');
    await edge.acceptConnections();
    const done = await answer(svc, id);
    expect(done).toMatchObject({ state: 'done', error: null });
    expect(done.summary.reason).toMatch(/^(requested|reconnect)$/);
  });
});
