import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterSim } from '../../src/sim/router-sim.js';
import { basic, REPORTER, startTestService, type TestService } from '../helpers/service.js';
import { ROOT } from '../helpers/spawn-banbridge.js';
import { addresses, FAST_WORKER, routerConfig, startSim, waitFor } from '../worker/sim-helpers.js';

/** Metric names a scrape declares (`# TYPE name type`), histograms and counters by base name. */
function scrapedNames(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .filter((l) => l.startsWith('# TYPE '))
      .map((l) => l.split(' ')[2] as string),
  );
}

/** Every metric name the README's Metrics section names. */
function documentedNames(): Set<string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Metrics');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return new Set(
    [...section.matchAll(/`((?:banbridge|process|nodejs)_[a-z0-9_]+)`/g)].map(
      (m) => m[1] as string,
    ),
  );
}

function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith(`${name}{`) &&
        Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('GET /metrics (prom-client)', () => {
  let sim: RouterSim;
  let t: TestService;
  let text = '';
  beforeAll(async () => {
    sim = await startSim();
    t = await startTestService(
      { routers: [routerConfig('edge1', sim)], worker: FAST_WORKER },
      { probeIntervalMs: 200 },
    );
    const auth = basic(REPORTER);
    await t.request('POST', '/v1/bans', { auth, body: { ip: '45.155.205.233' } });
    await t.request('POST', '/v1/bans', { auth, body: { ip: '10.1.2.3' } });
    await t.request('GET', '/v1/bans/45.155.205.233', { auth });
    await waitFor('the ban on the router', () => addresses(sim).length === 1);
    await waitFor('a reconciliation', () =>
      t.service.pool.status().every((s) => s.lastSyncAt !== null),
    );
    const res = await t.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    text = res.body as string;
  });
  afterAll(async () => {
    await t.close();
    await sim.stop();
  });

  it('exports exactly the metrics the README lists', () => {
    expect([...scrapedNames(text)].sort()).toEqual([...documentedNames()].sort());
  });

  it('counts decisions by source, outcome and code', () => {
    expect(sample(text, 'banbridge_decisions_total', { source: 'api', outcome: 'accepted' })).toBe(
      1,
    );
    expect(
      sample(text, 'banbridge_decisions_total', { outcome: 'rejected', code: 'IP_RESERVED' }),
    ).toBe(1);
  });

  it('times HTTP requests by route pattern, never by raw path', () => {
    expect(
      sample(text, 'banbridge_http_request_duration_seconds_count', {
        route: '/v1/bans/{ip}',
        method: 'GET',
      }),
    ).toBe(1);
    expect(text).not.toContain('route="/v1/bans/45.155.205.233"');
  });

  it('times router calls, and shows the last reconciliation and the router state', () => {
    expect(
      sample(text, 'banbridge_router_operation_duration_seconds_count', {
        router: 'edge1',
        operation: 'add',
        result: 'ok',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'banbridge_router_operation_duration_seconds_count', { operation: 'list' }),
    ).toBeGreaterThanOrEqual(1);
    const last = sample(text, 'banbridge_last_reconcile_timestamp_seconds', { router: 'edge1' });
    expect(last).toBeGreaterThan(1_700_000_000);
    expect(sample(text, 'banbridge_router_up', { router: 'edge1' })).toBe(1);
    expect(sample(text, 'banbridge_router_removal_guard', { router: 'edge1' })).toBe(0);
    expect(sample(text, 'banbridge_outbox_oldest_pending_age_seconds', { router: 'edge1' })).toBe(
      0,
    );
    expect(text).toMatch(/^banbridge_store_writable 1$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  });
});

describe('outbox age and router state while a router is down', () => {
  it('the oldest pending operation ages with the clock; router_up is 0', async () => {
    const sim = await startSim();
    await sim.refuseConnections();
    let clock = Date.parse('2026-12-01T10:00:00Z');
    const t = await startTestService(
      { routers: [routerConfig('edge1', sim)], worker: FAST_WORKER },
      { probeIntervalMs: 200, now: () => clock },
    );
    try {
      const res = await t.request('POST', '/v1/bans', {
        auth: basic(REPORTER),
        body: { ip: '45.155.205.233' },
      });
      expect(res.status).toBe(202);
      await waitFor('edge1 down', () => t.service.pool.status()[0]?.state === 'down');
      clock += 120_000;
      const text = (await t.request('GET', '/metrics')).body as string;
      expect(sample(text, 'banbridge_outbox_oldest_pending_age_seconds', { router: 'edge1' })).toBe(
        120,
      );
      expect(sample(text, 'banbridge_router_up', { router: 'edge1' })).toBe(0);
      expect(
        sample(text, 'banbridge_outbox_operations', { router: 'edge1', state: 'pending' }),
      ).toBe(1);
    } finally {
      await t.close();
      await sim.stop();
    }
  });
});
