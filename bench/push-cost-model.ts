/**
 * An honest push benchmark: the simulator charges each command `serviceMs` on one serialised
 * router CPU (RouterSim `serviceMs`; published RB5009 figures: 1–3 ms per address-list add,
 * about 2 ms per entry in bulk) plus the network round trip (`latencyMs`). No client can
 * beat max(N × service, N × RTT / window); banbridge is measured against that limit and,
 * in the same run, against npm `node-routeros` 1.6.9 awaiting each add and with every add in
 * flight at once.
 */
import { RouterOSAPI } from 'node-routeros';
import { silentLog } from '../src/core/logger.js';
import { RouterSim } from '../src/sim/router-sim.js';
import { RouterOsTarget } from '../src/targets/routeros/routeros-target.js';
import type { DesiredEntry } from '../src/targets/target.js';
import { config, LIST } from './routeros-list.js';

const USER = { name: 'bench', password: 'bench' };

export interface CostModelResult {
  count: number;
  latencyMs: number;
  serviceMs: number;
  window: number;
  limitMs: number;
  banbridgeMs: number;
  maxInFlight: number;
  /** node-routeros, each add awaited before the next: measured on `awaitedSample` adds. */
  awaitedSample: number;
  awaitedPerAddMs: number;
  /** node-routeros, every add written at once (Promise.all). */
  allInFlightMs: number;
}

function address(i: number, base: number): string {
  return `${base}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

function addWords(i: number, base: number): string[] {
  return [
    '/ip/firewall/address-list/add',
    `=list=${LIST}`,
    `=address=${address(i, base)}`,
    '=comment=banbridge bench',
    '=timeout=1d',
  ];
}

export async function benchPushCostModel(
  options: { count?: number; latencyMs?: number; serviceMs?: number; window?: number } = {},
): Promise<CostModelResult> {
  const count = options.count ?? 10_000;
  const latencyMs = options.latencyMs ?? 5;
  const serviceMs = options.serviceMs ?? 1;
  const window = options.window ?? 64;
  const sim = new RouterSim({ users: [USER], latencyMs, serviceMs });
  const port = await sim.start();
  try {
    const target = new RouterOsTarget(config(port, window), silentLog);
    const expiresAt = Date.now() + 86_400_000;
    const entries: DesiredEntry[] = Array.from({ length: count }, (_, i) => ({
      key: address(i, 20),
      family: 4,
      comment: 'banbridge bench',
      expiresAt,
    }));
    await target.uptimeSeconds(); // connect and log in outside the timing
    sim.resetStats();
    let started = performance.now();
    const results = await target.add(entries);
    const banbridgeMs = performance.now() - started;
    const maxInFlight = sim.stats().maxInFlight;
    await target.close();
    if (results.some((r) => !r.ok)) throw new Error('banbridge adds failed');

    const api = new RouterOSAPI({
      host: '127.0.0.1',
      port,
      user: USER.name,
      password: USER.password,
      timeout: 600,
    });
    api.on('error', () => undefined); // without a listener an idle timeout crashes the process
    await api.connect();
    const awaitedSample = Math.min(count, 200);
    started = performance.now();
    for (let i = 0; i < awaitedSample; i++) await api.write(addWords(i, 21));
    const awaitedPerAddMs = (performance.now() - started) / awaitedSample;
    started = performance.now();
    await Promise.all(Array.from({ length: count }, (_, i) => api.write(addWords(i, 22))));
    const allInFlightMs = performance.now() - started;
    await api.close();
    return {
      count,
      latencyMs,
      serviceMs,
      window,
      limitMs: Math.max(count * serviceMs, (count * latencyMs) / window),
      banbridgeMs,
      maxInFlight,
      awaitedSample,
      awaitedPerAddMs,
      allInFlightMs,
    };
  } finally {
    await sim.stop();
  }
}
