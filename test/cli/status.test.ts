import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../../src/cli/main.js';
import type { RouterSim } from '../../src/sim/router-sim.js';
import { captureIo } from '../helpers/capture-io.js';
import {
  ADMIN_TOKEN,
  basic,
  REPORTER,
  startTestService,
  testConfigObject,
  type TestService,
} from '../helpers/service.js';
import { FAST_WORKER, routerConfig, startSim, waitFor } from '../worker/sim-helpers.js';

describe('banbridge status next to a running serve', () => {
  let sim: RouterSim;
  let t: TestService;
  let configFile: string;
  beforeAll(async () => {
    sim = await startSim();
    const extra = { routers: [routerConfig('edge1', sim)], worker: FAST_WORKER };
    t = await startTestService(extra, { probeIntervalMs: 200 });
    configFile = join(t.dir, 'cli.yaml');
    writeFileSync(
      configFile,
      stringify(
        testConfigObject(t.dir, { ...extra, listen: { host: '127.0.0.1', port: t.service.port } }),
      ),
    );
    await t.request('POST', '/v1/bans', { auth: basic(REPORTER), body: { ip: '45.155.205.233' } });
    await waitFor('a reconciliation', () => t.service.pool.status()[0]?.lastSyncAt !== null);
    await waitFor('connected', () => t.service.pool.status()[0]?.state === 'connected');
  });
  afterAll(async () => {
    await t.close();
    await sim.stop();
  });

  const cli = async (...args: string[]) => {
    const io = captureIo(t.dir);
    const code = await runCli([...args, '--config', configFile], io);
    return { code, out: io.out, err: io.err };
  };

  it('prints a table with the live state, pending, failed, last sync and its reason', async () => {
    const { code, out } = await cli('status');
    expect(code).toBe(0);
    expect(out).toMatch(
      /^ROUTER\s+STATE\s+PENDING\s+FAILED\s+LAST SYNC\s+REASON\s+ERROR\s+DRIVEN BY$/m,
    );
    expect(out).toMatch(
      /^edge1\s+connected\s+\d+\s+0\s+\d{4}-\d\d-\d\dT\S+\s+start\s+-\s+(-|\S+:\d+:[0-9a-f]{6})$/m,
    );
  });

  it('--json gives the same router view as GET /v1/status, sync reason included', async () => {
    const { out } = await cli('status', '--json');
    const cliView = JSON.parse(out) as {
      serve_answered: boolean;
      routers: Record<string, unknown>[];
    };
    const api = await t.request('GET', '/v1/status', { auth: `Bearer ${ADMIN_TOKEN}` });
    const apiView = api.body.routers[0] as Record<string, unknown>;
    expect(cliView.serve_answered).toBe(true);
    const same = ['name', 'state', 'last_sync_at', 'last_sync_reason', 'last_sync', 'guard'];
    for (const field of same) expect(cliView.routers[0]?.[field], field).toEqual(apiView[field]);
    expect(apiView.last_sync_reason).toBe('start');
  });
});
