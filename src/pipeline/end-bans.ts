import type { AuditEntry } from '../store/audit.js';
import type { BanRow } from '../store/bans.js';
import type { PipelineContext } from './context.js';

/**
 * Ends these bans inside the caller's transaction: each row marked ended by `endedBy`, its
 * claims released, its removal queued on every router and one audit row written, with a few
 * statements for all of them (expiry and the allowlist end hundreds at once). Returns their
 * keys, in the order given.
 */
export async function endBans(
  ctx: PipelineContext,
  bans: readonly BanRow[],
  now: number,
  endedBy: string,
  audit: (ban: BanRow) => AuditEntry,
): Promise<string[]> {
  const keys = bans.map((ban) => ban.key);
  await ctx.store.bans.saveAll(
    bans.map((ban) => ({ ...ban, active: 0, ended_at: now, ended_by: endedBy })),
  );
  await ctx.store.bans.releaseAllClaimsOf(keys);
  await ctx.store.outbox.enqueueAll(
    ctx.routers,
    bans.map((ban) => ({ op: 'remove' as const, key: ban.key, family: ban.family })),
    now,
  );
  await ctx.store.audit.appendAll(bans.map(audit));
  return keys;
}
