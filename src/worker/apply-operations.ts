import type { Log } from '../core/logger.js';
import { isActive } from '../core/policy/decide-ban.js';
import type { Metrics } from '../metrics/metrics.js';
import type { OutboxOp } from '../store/outbox.js';
import type { Store } from '../store/store.js';
import type { DesiredEntry, Target, TargetResult } from '../targets/target.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { activeSources, desiredEntry } from './entry-comment.js';

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
  const removes: OutboxOp[] = [];
  for (const op of ops) {
    if (op.op === 'remove') {
      removes.push(op);
      continue;
    }
    const ban = await store.bans.get(op.key);
    if (!isActive(ban, now)) {
      await store.outbox.done(op.id, now); // the ban ended meanwhile; its remove op follows
      continue;
    }
    adds.push({ op, entry: desiredEntry(ban, activeSources(await store.bans.claims(op.key))) });
  }
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
    for (const [op, result] of pairs) {
      if (result !== undefined && !result.ok && result.error.connection) {
        lost ??= result.error;
        continue;
      }
      await settle(ctx, op, result, done);
    }
  });
  return lost;
}

async function settle(
  ctx: ApplyContext,
  op: OutboxOp,
  result: TargetResult | undefined,
  at: number,
): Promise<void> {
  const router = ctx.target.name;
  const count = (outcome: string) =>
    ctx.metrics.inc('banbridge_router_ops_total', { router, op: op.op, result: outcome });
  if (result?.ok === true) {
    await ctx.store.outbox.done(op.id, at);
    count('ok');
    return;
  }
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
