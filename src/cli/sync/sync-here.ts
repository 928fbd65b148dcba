import type { Store } from '../../store/store.js';
import type { Target } from '../../targets/target.js';
import type { LeaseOptions } from '../../worker/lease-renewal.js';
import { underLease } from '../../worker/lease-hold.js';
import type { RouterWorker } from '../../worker/router-worker.js';
import type { SyncResult } from './sync-result.js';

/**
 * Reconciles the router from this command under its lease: taken first (undefined when
 * another instance holds it), renewed while the sync runs, released at the end after the
 * router connection is closed. Losing the
 * lease meanwhile closes the router connection, so this command stops writing before anyone
 * else may start.
 */
export async function syncHere(
  store: Store,
  target: Target,
  worker: RouterWorker,
  me: string,
  allowRemovals: boolean,
  lease?: LeaseOptions,
): Promise<SyncResult | undefined> {
  return underLease(
    store,
    target,
    me,
    async (hold): Promise<SyncResult> => {
      try {
        const summary = await worker.syncNow('cli', { allowRemovals });
        const lost = hold.lostBecause();
        if (lost !== undefined) return leaseLost(me, lost);
        return { ok: true, summary, by: me, here: true };
      } catch (error) {
        const lost = hold.lostBecause();
        if (lost !== undefined) return leaseLost(me, lost);
        return {
          ok: false,
          code: (error as { code?: string }).code ?? 'INTERNAL',
          message: error instanceof Error ? error.message : String(error),
          by: me,
          here: true,
        };
      }
    },
    lease,
  );
}

function leaseLost(me: string, why: string): SyncResult {
  return {
    ok: false,
    code: 'LEASE_LOST',
    message: `stopped: ${why}; what was written so far stays and the next reconcile converges the router`,
    by: me,
    here: true,
  };
}
