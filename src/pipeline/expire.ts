import type { PipelineContext } from './context.js';
import { logUnban } from './decision-log.js';
import { endBans } from './end-bans.js';

/**
 * Ends bans whose time ran out and queues their removal on every router (a dynamic router
 * entry has usually expired by itself; removing an absent entry is a no-op). Works in
 * batches so one call never holds the write lock for long. Returns how many ended.
 */
/** Bans ended per transaction; a full batch means more may be due. */
export const EXPIRE_BATCH = 500;

export async function expireDue(ctx: PipelineContext, batch = EXPIRE_BATCH): Promise<number> {
  const now = ctx.now();
  const ended = await ctx.store.transaction(async () => {
    const keys = await ctx.store.bans.expiredKeys(now, batch);
    const rows = await ctx.store.bans.getMany(keys);
    const bans = keys.flatMap((key) => rows.get(key) ?? []);
    return endBans(ctx, bans, now, 'expiry', (ban) => ({
      at: now,
      action: 'expire',
      credential: 'banbridge',
      detector: 'expiry',
      key: ban.key,
      outcome: 'lifted',
    }));
  });
  for (const key of ended) logUnban(ctx.log, key, 'expiry', 'ban time over');
  if (ended.length > 0 && ctx.routers.length > 0) ctx.onQueued();
  return ended.length;
}
