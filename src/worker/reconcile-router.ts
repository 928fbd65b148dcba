import { BanbridgeError } from '../core/errors.js';
import type { Log } from '../core/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Store } from '../store/store.js';
import type { DesiredEntry, Target, TargetFailure } from '../targets/target.js';
import { entryComment } from './entry-comment.js';
import { planReconcile, type DesiredBan, type ReconcilePlan } from './plan-reconcile.js';
import { guardAdvice, judgeRemovals, type RemovalGuardOptions } from './removal-guard.js';

export interface ReconcileContext {
  target: Target;
  store: Store;
  log: Log;
  metrics: Metrics;
  now: () => number;
  refreshBelowMs: number;
  guard: RemovalGuardOptions;
}

export type ReconcileSummary = Record<string, unknown>;

/**
 * One reconciliation of a router with the ban database: read the router, diff, write the
 * difference, then settle the queued operations it covered and record the summary. Removals
 * pass the mass-removal guard first (removal-guard.ts) unless `allowRemovals`; adds and
 * refreshes go out either way. Throws the router's error when the connection failed (the
 * caller marks the router down); per-entry refusals are counted in the summary.
 */
export async function reconcileRouter(
  ctx: ReconcileContext,
  reason: string,
  allowRemovals: boolean,
): Promise<ReconcileSummary> {
  const { target, store } = ctx;
  const router = target.name;
  const started = ctx.now();
  const coveredUpTo = await store.outbox.maxId(router);
  // The router streams its list while the store is read: at 100,000 entries each takes
  // a second or more (bench restart row), and neither needs the other.
  const reading = Promise.all([target.list(), readIdentity(ctx)]);
  reading.catch(() => undefined); // awaited below; a store failure first must not leave it unhandled
  const desired = new Map<string, DesiredBan>();
  for (const ban of await store.bans.inForce(started)) desired.set(ban.key, ban);
  const [observed, identity] = await reading;
  const plan = await withComments(
    store,
    planReconcile(desired, observed, target.entryMode, started, ctx.refreshBelowMs),
  );
  const saved = await store.routers.get(router);
  const facts = {
    remove: plan.remove.length,
    owned: plan.owned,
    recordedIdentity: saved.identity,
    // Unreadable (no rights on /system/identity): nothing to compare, nothing recorded.
    identity: identity ?? saved.identity ?? '',
    // A sync whose removals were held as never_synced does not count: the next one would
    // otherwise remove them. A store from before identities were recorded has synced.
    everSynced: saved.last_sync_at !== null && saved.guard_reason !== 'never_synced',
  };
  // Removals someone asked for (an unban or an expiry queued while the router was away) are
  // not what the guard is for, a store that lost or never had the bans: judged by share, only
  // the others count, and only they are held back.
  const requested = await store.outbox.pendingRemovals(
    router,
    plan.remove.map((r) => r.key),
  );
  const unrequested = plan.remove.filter((r) => !requested.has(r.key));
  let held = allowRemovals ? null : judgeRemovals(facts, ctx.guard);
  if (held === 'share') held = judgeRemovals({ ...facts, remove: unrequested.length }, ctx.guard);
  const heldBack = held === null ? [] : held === 'share' ? unrequested : plan.remove;
  const holding = new Set(heldBack);
  const removing = plan.remove.filter((r) => !holding.has(r));
  const [added, removed, refreshed] = await Promise.all([
    plan.add.length > 0 ? target.add(plan.add) : [],
    removing.length > 0 ? target.removeIds(removing) : [],
    plan.refresh.length > 0 ? target.refresh(plan.refresh) : [],
  ]);
  const failed = [...added, ...removed, ...refreshed].filter((r): r is TargetFailure => !r.ok);
  const lost = failed.find((r) => r.error.connection);
  if (lost) throw lost.error;
  // Queued ops for keys whose reconcile write failed (or was held) keep their own retries.
  const keepKeys = [
    ...plan.add.filter((_, i) => added[i]?.ok !== true).map((e) => e.key),
    ...plan.refresh.filter((_, i) => refreshed[i]?.ok !== true).map((r) => r.entry.key),
    ...heldBack.map((r) => r.key),
  ];
  const summary: ReconcileSummary = {
    reason,
    desired: desired.size,
    observed: observed.length,
    added: plan.add.length,
    removed: removing.length,
    refreshed: plan.refresh.length - plan.reenable,
    reenabled: plan.reenable,
    in_place: plan.inPlace,
    foreign: plan.foreign,
    foreign_disabled: plan.foreignDisabled,
    failed: failed.length,
    ...(held === null ? {} : { held_removals: heldBack.length, guard: held }),
    ms: ctx.now() - started,
  };
  const done = ctx.now();
  await store.transaction(async () => {
    await store.outbox.settleUpTo(router, coveredUpTo, done, keepKeys);
    await store.routers.synced(router, done, summary);
    if (held === null) {
      await store.routers.setGuard(router, null);
      if (identity !== null && saved.identity !== identity) {
        await store.routers.setIdentity(router, identity);
      }
    } else {
      const since = saved.guard_reason === held ? (saved.guard_since ?? done) : done;
      await store.routers.setGuard(router, {
        held: heldBack.length,
        owned: plan.owned,
        reason: held,
        since,
      });
    }
  });
  report(
    ctx,
    summary,
    failed.length,
    held === null
      ? null
      : guardAdvice(router, held, { ...facts, remove: heldBack.length }, ctx.guard),
  );
  if (
    held === null &&
    identity !== null &&
    saved.identity !== null &&
    saved.identity !== identity
  ) {
    ctx.log.warn('router identity changed; this store now belongs to it', {
      router,
      was: saved.identity,
      now: identity,
    });
  }
  return summary;
}

/** Gives the entries the plan writes their comments, read for those keys only. */
async function withComments(
  store: Store,
  plan: ReconcilePlan<DesiredBan>,
): Promise<ReconcilePlan<DesiredEntry>> {
  const keys = [...plan.add.map((e) => e.key), ...plan.refresh.map((r) => r.entry.key)];
  const facts = await store.bans.commentFacts(keys);
  const entry = (ban: DesiredBan): DesiredEntry => {
    const known = facts.get(ban.key);
    return { ...ban, comment: entryComment(known?.reason ?? '', known?.sources ?? []) };
  };
  return {
    ...plan,
    add: plan.add.map(entry),
    refresh: plan.refresh.map((r) => ({ ...r, entry: entry(r.entry) })),
  };
}

/** The router's identity, or null when it refuses to say (a trap); connection errors throw. */
async function readIdentity(ctx: ReconcileContext): Promise<string | null> {
  try {
    return await ctx.target.identity();
  } catch (error) {
    if (error instanceof BanbridgeError && !error.connection) {
      ctx.log.warn('router identity unreadable; a store mix-up cannot be recognised', {
        router: ctx.target.name,
        error: error.message,
      });
      return null;
    }
    throw error;
  }
}

function report(
  ctx: ReconcileContext,
  summary: ReconcileSummary,
  failed: number,
  heldAdvice: string | null,
): void {
  const router = ctx.target.name;
  ctx.metrics.inc('banbridge_reconciles_total', {
    router,
    result: failed === 0 ? 'ok' : 'partial',
  });
  if (heldAdvice !== null) {
    ctx.log.error(heldAdvice, { router, ...summary });
    return;
  }
  const writes =
    Number(summary.added) +
    Number(summary.removed) +
    Number(summary.refreshed) +
    Number(summary.reenabled);
  (writes > 0 || failed > 0 ? ctx.log.info : ctx.log.debug).call(ctx.log, 'router reconciled', {
    router,
    ...summary,
  });
}
