/**
 * Recovery: how long after a router's API answers again its entries are back, side by side
 * with how long it was away. A real `serve` (in this process, real HTTP, real SQLite, the
 * simulator over real TCP) with the default worker settings (retry_max 5m, probe every 30 s).
 * - outage: the API refuses connections for `outageMs` while reports keep arriving;
 * - reboot: the connection drops, dynamic entries vanish, uptime restarts, the API is away
 *   for `awayMs`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfigText } from '../src/config/load.js';
import { silentLog } from '../src/core/logger.js';
import { startService, type RunningService } from '../src/main/start-service.js';
import { RouterSim } from '../src/sim/router-sim.js';
import { LIST } from './routeros-list.js';

const USER = { name: 'bench', password: 'bench' };
const REPORTER = { name: 'reporter', password: 'reporter-bench-pw' };
const AUTH = `Basic ${Buffer.from(`${REPORTER.name}:${REPORTER.password}`).toString('base64')}`;

export interface RecoveryResult {
  kind: 'outage' | 'reboot';
  awayMs: number;
  /** Bans reported while the router was away (outage) or entries lost (reboot). */
  entries: number;
  /** From the API answering again until every entry is on the router. */
  recoveredMs: number;
}

async function withService<T>(
  run: (sim: RouterSim, service: RunningService) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'banbridge-recovery-'));
  const sim = new RouterSim({ users: [USER] });
  const port = await sim.start();
  const loaded = loadConfigText(
    stringify({
      listen: { host: '127.0.0.1', port: 0 },
      users: [{ ...REPORTER, role: 'reporter' }],
      store: { path: join(dir, 'bench.db') },
      routers: [
        {
          name: 'edge1',
          host: '127.0.0.1',
          port,
          username: USER.name,
          password: USER.password,
          address_list: LIST,
          address_list_v6: LIST,
        },
      ],
      policy: { max_new_bans_per_minute: 1_000_000 },
    }),
    {},
    dir,
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const service = await startService(loaded.config, silentLog);
  try {
    return await run(sim, service);
  } finally {
    await service.close();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function address(i: number): string {
  return `5.2.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}

async function report(service: RunningService, ip: string): Promise<void> {
  const res = await fetch(`${service.url}/v1/bans`, {
    method: 'POST',
    headers: { authorization: AUTH, 'content-type': 'application/json' },
    body: JSON.stringify({ ip }),
  });
  if (res.status !== 202) throw new Error(`report of ${ip} answered ${res.status}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, limitMs: number): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > limitMs) throw new Error('recovery did not happen');
    await sleep(10);
  }
  return performance.now() - started;
}

function present(sim: RouterSim): Set<string> {
  return new Set(sim.entries(4, LIST).map((e) => e.address));
}

export function benchOutage(outageMs: number): Promise<RecoveryResult> {
  return withService(async (sim, service) => {
    await until(() => service.pool.status()[0]?.state === 'connected', 10_000);
    await sim.refuseConnections();
    sim.dropConnections();
    const reported: string[] = [];
    const started = performance.now();
    while (performance.now() - started < outageMs) {
      const ip = address(reported.length);
      await report(service, ip);
      reported.push(ip);
      await sleep(100);
    }
    await sim.acceptConnections();
    const recoveredMs = await until(() => {
      const now = present(sim);
      return reported.every((ip) => now.has(ip));
    }, 600_000);
    return { kind: 'outage', awayMs: outageMs, entries: reported.length, recoveredMs };
  });
}

export function benchReboot(entries: number, awayMs: number): Promise<RecoveryResult> {
  return withService(async (sim, service) => {
    for (let i = 0; i < entries; i++) await report(service, address(i));
    await until(() => sim.entries(4, LIST).length === entries, 60_000);
    await sim.refuseConnections();
    sim.reboot(); // dynamic entries gone, uptime restarts, connections drop
    await sleep(awayMs);
    await sim.acceptConnections();
    const recoveredMs = await until(() => sim.entries(4, LIST).length === entries, 600_000);
    return { kind: 'reboot', awayMs, entries, recoveredMs };
  });
}
