import type { Store } from '../../store/store.js';
import { SyncRequests } from '../../store/sync-requests.js';
import type { Target } from '../../targets/target.js';
import type { LeaseOptions } from '../../worker/lease-renewal.js';
import type { RouterWorker } from '../../worker/router-worker.js';
import { syncHere } from './sync-here.js';
import type { SyncResult } from './sync-result.js';

export interface SyncRouterOptions {
  allowRemovals: boolean;
  /** How long to wait for the instance that drives the router to answer. */
  waitMs: number;
  /** This command's name as a lease holder and requester. */
  me: string;
  /** One line of progress (to stderr). */
  progress(line: string): void;
  /** A worker for this command's own sync, made only when it syncs itself. */
  worker(): RouterWorker;
  lease?: LeaseOptions;
  pollMs?: number;
  progressEveryMs?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * `banbridge sync` for one router, keeping one writer per router. While another instance
 * holds the router's lease, nothing is written from here: a sync request is recorded (and
 * NOTIFY wakes the instances), the holder reconciles and answers it, and that answer is the
 * result. When no live lease exists this command takes it and syncs itself, so a `serve`
 * starting meanwhile waits. Re-checked until the deadline: a holder that stops (its lease
 * released or expired) leaves the router to this command, a request then withdrawn.
 */
export async function syncRouter(
  store: Store,
  target: Target,
  options: SyncRouterOptions,
): Promise<SyncResult> {
  const router = target.name;
  const started = Date.now();
  const deadline = started + options.waitMs;
  let request: number | undefined;
  let lastProgress = started;
  let holder: { holder: string; expires_at: number } | undefined;
  for (;;) {
    const lease = await store.leases.live(router);
    if (lease === undefined || lease.holder === options.me) {
      if (request !== undefined) {
        await store.syncRequests.withdraw(request);
        const answered = await answer(store, request);
        if (answered !== undefined) return answered;
        request = undefined;
      }
      const done = await syncHere(
        store,
        target,
        options.worker(),
        options.me,
        options.allowRemovals,
        options.lease,
      );
      if (done !== undefined) return done;
      continue; // someone took the lease between the look and the take: look again
    }
    if (holder?.holder !== lease.holder) {
      options.progress(
        `${router}: driven by ${lease.holder} (lease until ${iso(lease.expires_at)}); asking it to reconcile${options.allowRemovals ? ' with removals allowed' : ''}`,
      );
    }
    holder = lease;
    if (request === undefined) {
      request = await store.syncRequests.ask(router, options.me, options.allowRemovals);
      await store.notifyQueued().catch(() => undefined);
    }
    const answered = await answer(store, request);
    if (answered !== undefined) return answered;
    const now = Date.now();
    if (now >= deadline) {
      await store.syncRequests.withdraw(request);
      // answered at the last moment: the answer still counts
      return (
        (await answer(store, request)) ?? {
          ok: false,
          code: 'SYNC_NOT_ANSWERED',
          message:
            `${lease.holder} holds the router's lease (until ${iso(lease.expires_at)}, renewed while it runs) ` +
            `and did not reconcile within ${Math.round(options.waitMs / 1000)} s; nothing was written from here. ` +
            `Check that instance's log and the router, or stop it and run banbridge sync again`,
          by: lease.holder,
          here: false,
        }
      );
    }
    if (now - lastProgress >= (options.progressEveryMs ?? 5000)) {
      lastProgress = now;
      options.progress(
        `${router}: waiting for ${lease.holder} (${Math.round((now - started) / 1000)} s of ${Math.round(options.waitMs / 1000)} s)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
}

/** The request's answer, once the holder gave one. */
async function answer(store: Store, id: number): Promise<SyncResult | undefined> {
  const row = await store.syncRequests.get(id);
  if (row === undefined || row.answered_at === null) return undefined;
  const by = row.answered_by ?? '';
  if (row.error_code !== null) {
    return { ok: false, code: row.error_code, message: row.error ?? '', by, here: false };
  }
  return {
    ok: true,
    summary: SyncRequests.summaryOf(row) ?? {},
    by,
    here: false,
  };
}
