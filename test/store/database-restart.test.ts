/**
 * The PostgreSQL server restarts under a running `serve` (an upgrade, a crash, a host
 * reboot): every pooled connection is dropped, new ones are refused until it is back. A
 * private cluster (the project's shared one cannot go down under other suites), a real
 * `serve` and the router simulator over TCP.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, expect, it } from 'vitest';
import type { RouterSim } from '../../src/sim/router-sim.js';
import { PG_PASSWORD, startPostgres, type PgCluster } from '../helpers/postgres.js';
import { basic, REPORTER, testConfigObject } from '../helpers/service.js';
import { spawnServe, type SpawnedBanbridge } from '../helpers/spawn-banbridge.js';
import { addresses, FAST_WORKER, routerConfig, startSim, waitFor } from '../worker/sim-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'banbridge-pg-restart-'));
let cluster: PgCluster | undefined;
let sim: RouterSim | undefined;
let serve: SpawnedBanbridge | undefined;
afterAll(async () => {
  await serve?.kill().catch(() => undefined);
  await sim?.stop();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function report(ip: string): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${serve?.url}/v1/bans`, {
    method: 'POST',
    headers: { authorization: basic(REPORTER), 'content-type': 'application/json' },
    body: JSON.stringify({ ip }),
  });
  const body = (await res.json()) as { code?: string };
  return { status: res.status, ...(res.status >= 400 ? { code: body.code } : {}) };
}

const ready = async () => (await fetch(`${serve?.url}/readyz`)).status;

it('a PostgreSQL restart: 503 while it is down, then reports are stored and reach the router again', async () => {
  cluster = await startPostgres();
  sim = await startSim();
  const config = join(dir, 'serve.yaml');
  writeFileSync(
    config,
    stringify(
      testConfigObject(dir, {
        log: { level: 'info', format: 'json' },
        store: { url: await cluster.newDatabase() },
        worker: FAST_WORKER,
        routers: [routerConfig('edge1', sim)],
      }),
    ),
  );
  serve = await spawnServe(config);
  expect(await report('5.5.0.1')).toEqual({ status: 202 });
  await waitFor('first ban on the router', () => addresses(sim as RouterSim).includes('5.5.0.1'));

  await cluster.stopServer();
  // Refused and retryable while the database is down: nothing is acknowledged.
  expect(await report('5.5.0.2')).toEqual({ status: 503, code: 'STORE_UNAVAILABLE' });
  expect(await ready()).toBe(503);
  // Down for longer than a router lease (6 s): the instance must stop driving, then take the
  // router again once the database is back.
  await new Promise((resolve) => setTimeout(resolve, 7_000));
  expect(await report('5.5.0.4')).toEqual({ status: 503, code: 'STORE_UNAVAILABLE' });

  await cluster.startServer();
  await waitFor('ready again', async () => (await ready()) === 200, 20_000);
  expect(await report('5.5.0.3')).toEqual({ status: 202 });
  // The same instance drives the router again (its lease renewed or taken anew).
  await waitFor('ban after the restart on the router', () =>
    addresses(sim as RouterSim).includes('5.5.0.3'),
  );
  expect(addresses(sim)).not.toContain('5.5.0.2');
  expect(serve.child.exitCode).toBeNull();
  // Logged once the reconcile that put it there is done.
  await waitFor('the takeover logged', () => /"reason":"takeover"/.test(serve?.output() ?? ''));
  // The lease keeper's own line comes on its next tick, before or after that one.
  await waitFor('the lease keeper back', () =>
    (serve?.output() ?? '').includes('"message":"router leases readable again"'),
  );

  const lines = serve
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const said = (message: string) => lines.filter((l) => l.message === message);
  expect(said('stopped driving router: its lease could not be renewed')).toHaveLength(1);
  expect(said('router reconciled')).toContainEqual(
    expect.objectContaining({ router: 'edge1', reason: 'takeover' }),
  );
  // Once per outage, not once a second.
  expect(
    said('router leases could not be read; routers stop when their lease runs out'),
  ).toHaveLength(1);
  expect(said('router leases readable again')).toHaveLength(1);
  expect(said('not ready')).toEqual([
    expect.objectContaining({
      reason: expect.stringContaining('check that PostgreSQL is up and reachable'),
    }),
  ]);
  expect(serve.output()).not.toContain(PG_PASSWORD);
}, 90_000);
