import { formatDuration } from '../core/duration.js';
import type { ObservedEntry } from '../targets/target.js';
import type { PipelineContext } from './context.js';

export interface ImportOutcome {
  entry: ObservedEntry;
  outcome: 'imported' | 'skipped';
  /** The ban an imported entry became. */
  ban?: { key: string; expiresAt: number | null };
  code?: string;
  message?: string;
}

/**
 * Entries per transaction. One transaction for a whole list held the event loop for seconds
 * (50,000 entries: more than the 3 s a router's lease allows between renewals, so every import
 * of a large list lost its lease and stopped); a chunk commits in a fraction of a second.
 */
const IMPORT_CHUNK = 1_000;

/**
 * Adopts a router's existing entries (the operator's manual blocks) as bans from source
 * `import`, after the same address policy as any report: reserved and allowlisted entries
 * are listed and skipped, never removed. An entry with a timeout becomes a ban ending with
 * it; one without becomes permanent. Entries banbridge already owns are skipped. Each
 * IMPORT_CHUNK entries commit together: an import that stops midway keeps what it committed,
 * and running it again adopts the rest (an entry imported twice is one ban).
 */
export async function importEntries(
  ctx: PipelineContext,
  router: string,
  entries: readonly ObservedEntry[],
): Promise<ImportOutcome[]> {
  const now = ctx.now();
  const outcomes: ImportOutcome[] = [];
  for (let start = 0; start < entries.length; start += IMPORT_CHUNK) {
    const chunk = entries.slice(start, start + IMPORT_CHUNK);
    outcomes.push(...(await ctx.store.transaction(() => importChunk(chunk))));
    // The event loop is free between chunks: the router's lease is renewed meanwhile.
    await new Promise((resolve) => setImmediate(resolve));
  }

  async function importChunk(chunk: readonly ObservedEntry[]): Promise<ImportOutcome[]> {
    // Counted in each transaction: the cap holds whatever else writes meanwhile.
    let active = await ctx.store.bans.countActive();
    const list: ImportOutcome[] = [];
    for (const entry of chunk) list.push(await importOne(entry));
    return list;

    async function importOne(entry: ObservedEntry): Promise<ImportOutcome> {
      if (entry.owned)
        return { entry, outcome: 'skipped', code: 'OWNED', message: 'already a banbridge entry' };
      const judged = ctx.judge(entry.key);
      if (!judged.ok)
        return { entry, outcome: 'skipped', code: judged.code, message: judged.message };
      const existing = await ctx.store.bans.get(judged.key);
      const isNew = existing === undefined || existing.active === 0;
      if (isNew && active >= ctx.maxActiveBans) {
        return {
          entry,
          outcome: 'skipped',
          code: 'CAPACITY',
          message: 'policy.max_active_bans reached',
        };
      }
      const expiresAt = entry.timeoutMs === null ? null : now + entry.timeoutMs;
      const finalExpiry = isNew ? expiresAt : laterOf(existing?.expires_at ?? null, expiresAt);
      await ctx.store.bans.save({
        key: judged.key,
        family: judged.family,
        first_seen: existing?.first_seen ?? now,
        last_seen: now,
        hits: (existing?.hits ?? 0) + 1,
        banned_at: isNew ? now : (existing as { banned_at: number }).banned_at,
        expires_at: finalExpiry,
        active: 1,
        reason: (entry.comment === '' ? `imported from ${router}` : entry.comment).slice(0, 200),
        ended_at: null,
        ended_by: null,
      });
      if (isNew) active++;
      await ctx.store.bans.claim(judged.key, `import/${router}`, 'import', now);
      await ctx.store.audit.append({
        at: now,
        action: 'import',
        credential: 'import',
        detector: 'import',
        via: router,
        ip: entry.key,
        key: judged.key,
        outcome: 'accepted',
        detail: { router, id: entry.id, comment: entry.comment, timeout_ms: entry.timeoutMs },
      });
      return { entry, outcome: 'imported', ban: { key: judged.key, expiresAt: finalExpiry } };
    }
  }
  for (const o of outcomes) {
    if (o.ban === undefined) continue;
    ctx.log.info(`Ban ${o.ban.key}`, {
      key: o.ban.key,
      duration: o.ban.expiresAt === null ? 'permanent' : formatDuration(o.ban.expiresAt - now),
      source: `import/${router}`,
      reason: o.entry.comment.slice(0, 200),
    });
  }
  return outcomes;
}

function laterOf(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.max(a, b);
}
