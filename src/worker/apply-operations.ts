import type { Log } from '../core/logger.js';
import { isActive } from '../core/policy/decide-ban.js';
import type { Metrics } from '../metrics/metrics.js';
import type { OutboxOp } from '../store/outbox.js';
import type { Store } from '../store/store.js';
import type { DesiredEntry, Target, TargetResult } from '../targets/target.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { desiredEntry } from './entry-comment.js';

export interface ApplyContext {
  target: Target;
  store: Store;
  log: Log;
  metrics: Metrics;
  now: () => number;
  retry: BackoffPolicy;
  maxAttempts: number;
}

/**
 * Sends one batch of queued operations and settles each by its result: done; retried later
 * (its own attempt count and backoff) when the router refused it retryably; failed for good
 * after max attempts or a final refusal. An operation that failed because the connection did
 * is left exactly as it was — due, attempts unspent — and the connection error is returned so
 * the worker marks the router down.
 */
export async function applyOperations(ctx: ApplyContext, ops: OutboxOp[]): Promise<Error | null> {
  const { store, target } = ctx;
  const now = ctx.now();
  const adds: { op: OutboxOp; entry: DesiredEntry }[] = [];
  const removes = ops.filter((op) => op.op === 'remove');
  const addOps = ops.filter((op) => op.op === 'add');
  // The bans and their claims for the whole batch: two statements, not two per operation.
  const bans = await store.bans.getMany(addOps.map((op) => op.key));
  const sources = await store.bans.activeSources(addOps.map((op) => op.key));
  const ended: number[] = [];
  for (const op of addOps) {
    const ban = bans.get(op.key);
    if (!isActive(ban, now)) {
      ended.push(op.id); // the ban ended meanwhile; its remove op follows
      continue;
    }
    adds.push({ op, entry: desiredEntry(ban, sources.get(op.key) ?? []) });
  }
  if (ended.length > 0) await store.outbox.doneAll(ended, now);
  const [addResults, removeResults] = await Promise.all([
    adds.length > 0 ? target.add(adds.map((a) => a.entry)) : [],
    removes.length > 0 ? target.remove(removes.map((r) => ({ key: r.key, family: r.family }))) : [],
  ]);
  const pairs: [OutboxOp, TargetResult | undefined][] = [
    ...adds.map((a, i): [OutboxOp, TargetResult | undefined] => [a.op, addResults[i]]),
    ...removes.map((op, i): [OutboxOp, TargetResult | undefined] => [op, removeResults[i]]),
  ];
  let lost: Error | null = null;
  const done = ctx.now();
  await store.transaction(async () => {
    const succeeded: OutboxOp[] = [];
    for (const [op, result] of pairs) {
      if (result !== undefined && !result.ok && result.error.connection) {
        lost ??= result.error;
        continue;
      }
      if (result !== undefined && result.ok) succeeded.push(op);
      else await settleFailed(ctx, op, result, done);
    }
    await store.outbox.doneAll(
      succeeded.map((op) => op.id),
      done,
    );
    for (const op of succeeded) {
      ctx.metrics.inc('banbridge_router_ops_total', {
        router: target.name,
        op: op.op,
        result: 'ok',
      });
    }
  });
  return lost;
}

/** An operation the router refused (or answered nothing for): retried later, or failed for good. */
async function settleFailed(
  ctx: ApplyContext,
  op: OutboxOp,
  result: Extract<TargetResult, { ok: false }> | undefined,
  at: number,
): Promise<void> {
  const router = ctx.target.name;
  const count = (outcome: string) =>
    ctx.metrics.inc('banbridge_router_ops_total', { router, op: op.op, result: outcome });
  const error =
    result === undefined
      ? { code: 'INTERNAL', message: 'no result', retryable: true }
      : result.error;
  const attempts = op.attempts + 1;
  if (!error.retryable || attempts >= ctx.maxAttempts) {
    await ctx.store.outbox.fail(op.id, at, error.code, error.message.slice(0, 500));
    count('failed');
    ctx.log.error('router operation failed for good', {
      router,
      op: op.op,
      key: op.key,
      code: error.code,
      error: error.message,
      attempts,
    });
    return;
  }
  const delay = backoffDelay(attempts, ctx.retry);
  await ctx.store.outbox.retry(op.id, at + delay, error.code, error.message.slice(0, 500));
  count('retry');
}
