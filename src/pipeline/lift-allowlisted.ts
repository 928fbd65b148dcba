import {
  findAllowlisted,
  readNetwork,
  type Allowlist,
  type AllowlistEntry,
} from '../core/ip/index.js';
import type { PipelineContext } from './context.js';
import { logUnban } from './decision-log.js';
import { endBans } from './end-bans.js';

/**
 * Ends every active ban that the allowlist now covers (an address added to
 * policy.allowlist, or the operator's host name now resolving to a banned address), and
 * queues its removal on every router. Runs at start and whenever the allowlist changes, so
 * allowlisting an address is enough to unblock it everywhere. Returns the keys lifted.
 */
export async function liftAllowlisted(
  ctx: PipelineContext,
  allowlist: Allowlist,
): Promise<string[]> {
  if (allowlist.entries.length === 0) return [];
  const now = ctx.now();
  // Match keys first (an index read, no table rows), then end only the bans they name, read
  // again in the transaction. Keys are canonical (parseAddress made them), so reading
  // the network is enough: 100,000 active bans take a fraction of a second, not seconds. The
  // bans are read, ended and queued with a few statements for all of them.
  const covered = new Map<string, AllowlistEntry>();
  for (const key of await ctx.store.bans.activeKeys()) {
    const entry = findAllowlisted(allowlist, readNetwork(key));
    if (entry !== undefined) covered.set(key, entry);
  }
  if (covered.size === 0) return [];
  const lifted = await ctx.store.transaction(async () => {
    const bans = [...(await ctx.store.bans.getMany([...covered.keys()])).values()].filter(
      (ban) => ban.active === 1,
    );
    return endBans(ctx, bans, now, 'allowlist', (ban) => {
      const entry = covered.get(ban.key) as AllowlistEntry;
      return {
        at: now,
        action: 'allowlist',
        credential: 'banbridge',
        detector: 'allowlist',
        key: ban.key,
        outcome: 'lifted',
        detail: { entry: entry.path, allowlisted: entry.configured },
      };
    });
  });
  for (const key of lifted) logUnban(ctx.log, key, 'allowlist', 'now covered by policy.allowlist');
  if (lifted.length > 0) {
    ctx.log.warn('active bans lifted: now covered by the allowlist', {
      keys: lifted.slice(0, 20),
      count: lifted.length,
    });
    ctx.onQueued();
  }
  return lifted;
}
