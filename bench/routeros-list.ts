/**
 * Shared bench parts (wired into `npm run bench` by bench/main.ts): a simulator with N
 * entries in a child process, a router config, and benchList — RouterOsTarget.list() of a
 * 100,000-entry list with the client process's peak RSS growth. The push benchmark is
 * bench/push-cost-model.ts.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RouterConfig } from '../src/config/types.js';
import { silentLog } from '../src/core/logger.js';
import { RouterOsTarget } from '../src/targets/routeros/routeros-target.js';

export const LIST = 'Blocked address';
const USER = { name: 'bench', password: 'bench' };

export interface ListResult {
  entries: number;
  listMs: number;
  /** Peak RSS growth of this process during list(), sampled every 5 ms, in MiB. */
  peakRssDeltaMiB: number;
  /** Growth of the process's lifetime maximum RSS (getrusage) during list(), in MiB. */
  maxRssDeltaMiB: number;
}

/**
 * A simulator holding `entries` banbridge entries (10.x.y.z, as bench/routeros-sim-child.ts
 * fills it) in a child process, so the memory figures are the client's alone.
 */
export async function spawnSimChild(
  entries: number,
): Promise<{ port: number; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('routeros-sim-child.ts', import.meta.url)),
      String(entries),
      LIST,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const { port } = JSON.parse(line) as { port: number };
  return {
    port,
    async stop() {
      child.stdin?.end();
      await once(child, 'exit');
    },
  };
}

export function config(port: number, window: number): RouterConfig {
  return {
    name: 'bench',
    host: '127.0.0.1',
    port,
    tls: false,
    tls_insecure: false,
    username: USER.name,
    password: USER.password,
    address_list: LIST,
    address_list_v6: LIST,
    entry_mode: 'dynamic',
    pipeline_window: window,
    command_timeout: '60s',
    connect_timeout: '10s',
    sync_interval: '10m',
    enabled: true,
  };
}

export async function benchList(options: { entries?: number } = {}): Promise<ListResult> {
  const entries = options.entries ?? 100_000;
  const sim = await spawnSimChild(entries);
  const { port } = sim;
  try {
    const target = new RouterOsTarget(config(port, 64), silentLog);
    await target.uptimeSeconds();
    global.gc?.();
    const baseRss = process.memoryUsage.rss();
    const baseMaxRss = process.resourceUsage().maxRSS;
    let peakRss = baseRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 5);
    const started = performance.now();
    const listed = await target.list();
    const listMs = performance.now() - started;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const maxRssDeltaKiB = process.resourceUsage().maxRSS - baseMaxRss;
    await target.close();
    if (listed.length !== entries)
      throw new Error(`list() returned ${listed.length} of ${entries}`);
    return {
      entries,
      listMs,
      peakRssDeltaMiB: (peakRss - baseRss) / 2 ** 20,
      maxRssDeltaMiB: maxRssDeltaKiB / 1024,
    };
  } finally {
    await sim.stop();
  }
}
