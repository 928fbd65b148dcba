/**
 * Reconcile a router holding 100,000 banbridge entries against a store holding the same
 * 100,000 bans plus `missing` more (which the reconcile must add): the time of one full
 * reconciliation (read the list, diff, write the difference) and the peak RSS growth of the
 * banbridge process. The simulator runs in a child process so its memory is not counted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLog } from '../src/core/logger.js';
import { Metrics } from '../src/metrics/metrics.js';
import { RouterOsTarget } from '../src/targets/routeros/routeros-target.js';
import { RouterWorker } from '../src/worker/router-worker.js';
import { fillStore } from './fill-store.js';
import { config, spawnSimChild } from './routeros-list.js';

export interface ReconcileResult {
  entries: number;
  missing: number;
  reconcileMs: number;
  added: number;
  inPlace: number;
  peakRssDeltaMiB: number;
}

export async function benchReconcile(
  options: { entries?: number; missing?: number } = {},
): Promise<ReconcileResult> {
  const entries = options.entries ?? 100_000;
  const missing = options.missing ?? 1_000;
  const dir = mkdtempSync(join(tmpdir(), 'banbridge-bench-'));
  const store = await fillStore(join(dir, 'bench.db'), entries + missing);
  const sim = await spawnSimChild(entries);
  try {
    const target = new RouterOsTarget(config(sim.port, 64), silentLog);
    const worker = new RouterWorker(
      target,
      store,
      {
        retryBaseMs: 1000,
        retryMaxMs: 5000,
        maxAttempts: 3,
        syncIntervalMs: 600_000,
        refreshBelowMs: 3_600_000,
      },
      silentLog,
      new Metrics(),
    );
    await target.uptimeSeconds();
    global.gc?.();
    const baseRss = process.memoryUsage.rss();
    let peakRss = baseRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 5);
    const started = performance.now();
    const summary = (await worker.syncNow('bench')) as { added: number; in_place: number };
    const reconcileMs = performance.now() - started;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    await target.close();
    return {
      entries,
      missing,
      reconcileMs,
      added: summary.added,
      inPlace: summary.in_place,
      peakRssDeltaMiB: (peakRss - baseRss) / 2 ** 20,
    };
  } finally {
    await sim.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
