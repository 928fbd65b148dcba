import type { WorkerStatus } from '../worker/status.js';
import type { Metrics } from './metrics.js';

/** What the gauges show, read from the store and the workers when /metrics is scraped. */
export interface ScrapeSnapshot {
  now: number;
  bans: { active_v4: number; active_v6: number; permanent: number };
  outbox: readonly { router: string; state: string; n: number }[];
  /** created_at of the oldest pending operation per router. */
  oldestPending: readonly { router: string; created_at: number }[];
  routers: readonly WorkerStatus[];
  storeWritable: boolean;
}

/** Sets every scrape-time gauge from one snapshot (reset first: a gone router disappears). */
export function setScrapeGauges(metrics: Metrics, s: ScrapeSnapshot): void {
  const g = metrics.gauges;
  for (const gauge of Object.values(g)) gauge.reset();
  g.banbridge_active_bans.set({ family: '4' }, s.bans.active_v4);
  g.banbridge_active_bans.set({ family: '6' }, s.bans.active_v6);
  g.banbridge_permanent_bans.set(s.bans.permanent);
  for (const o of s.outbox)
    g.banbridge_outbox_operations.set({ router: o.router, state: o.state }, o.n);
  g.banbridge_store_writable.set(s.storeWritable ? 1 : 0);
  for (const r of s.routers) {
    const router = r.router;
    const oldest = s.oldestPending.find((o) => o.router === router)?.created_at;
    g.banbridge_outbox_oldest_pending_age_seconds.set(
      { router },
      oldest === undefined ? 0 : Math.max(0, (s.now - oldest) / 1000),
    );
    // Only the instance that drives a router talks to it. Elsewhere its state is unknown, and
    // a 0 would read as "down" to every alert on it, on every standby instance.
    if (r.driving !== false) g.banbridge_router_up.set({ router }, r.state === 'connected' ? 1 : 0);
    g.banbridge_router_driving.set(
      { router, driven_by: r.driver ?? '' },
      r.driving === false ? 0 : 1,
    );
    g.banbridge_router_removal_guard.set({ router }, r.guard === null ? 0 : 1);
    g.banbridge_router_removal_guard_held.set({ router }, r.guard?.held ?? 0);
    if (r.lastSyncAt !== null) {
      g.banbridge_last_reconcile_timestamp_seconds.set({ router }, r.lastSyncAt / 1000);
    }
    const sync = r.lastSync;
    if (sync !== null && typeof sync.ms === 'number') {
      g.banbridge_last_reconcile_duration_seconds.set({ router }, sync.ms / 1000);
      for (const kind of ['added', 'removed', 'refreshed'] as const) {
        const n = sync[kind];
        if (typeof n === 'number') g.banbridge_last_reconcile_drift.set({ router, kind }, n);
      }
    }
  }
}
