import type { BanRequest, ReportSource } from '../core/ban-request.js';
import { decideBan, isActive } from '../core/policy/decide-ban.js';
import type { BanRow } from '../store/bans.js';
import type { PipelineContext } from './context.js';
import { isoOrNull, type Decision } from './decision.js';
import { logReportDecisions } from './decision-log.js';

export interface ReportResult {
  decisions: Decision[];
  /** Every address that would have created a new ban was refused by the rate limit. */
  rateLimited: boolean;
  retryAfterSeconds: number;
}

/** The claim name a source holds on a ban (ReportSource.claim, else the credential). */
function claimName(source: ReportSource): string {
  return source.claim ?? source.credential;
}

/**
 * Judges and records one report in a single transaction: every decision, the bans, claims,
 * offences, audit rows and router operations are committed together before this returns,
 * so the HTTP layer answers 2xx only for what is durably stored.
 */
export async function report(
  ctx: PipelineContext,
  source: ReportSource,
  requests: readonly BanRequest[],
): Promise<ReportResult> {
  const now = ctx.now();
  const claim = claimName(source);
  const windowStart = now - ctx.limiter.windowMs;
  let allowance = 0;
  let oldestInWindow: number | null = null;
  let created = 0;
  let limited = 0;
  let queued = false;

  const decisions = await ctx.store.transaction(async () => {
    // Counted inside the transaction, in the database: the cap and the per-credential rate
    // limit hold across every instance sharing the store (writers are serialised).
    let active = await ctx.store.bans.countActive();
    const recent = await ctx.store.newBans.since(source.credential, windowStart);
    allowance = Math.max(0, ctx.limiter.perMinute - recent.count);
    oldestInWindow = recent.oldest;
    const out: Decision[] = [];
    for (const request of requests) out.push(await decide(request));
    if (created > 0) {
      await ctx.store.newBans.record(source.credential, now, created, windowStart, recent.stale);
    }
    return out;

    async function decide(request: BanRequest): Promise<Decision> {
      const judged = ctx.judge(request.ip);
      const audit = async (decision: Decision, key?: string) => {
        await ctx.store.audit.append({
          at: now,
          action: 'report',
          credential: source.credential,
          detector: source.detector,
          via: source.via,
          ip: request.ip.slice(0, 100),
          key: key ?? null,
          outcome: decision.outcome,
          code: decision.code,
          detail: {
            ...source.detail,
            reason: request.reason,
            restored: request.restored,
            report_only: request.reportOnly,
          },
          evidence: request.evidence,
        });
        return decision;
      };
      if (!judged.ok) {
        return audit({
          ip: request.ip,
          outcome: 'rejected',
          code: judged.code,
          message: judged.message,
        });
      }
      const { key, family } = judged;
      if (request.reportOnly === true) {
        return audit(
          {
            ip: request.ip,
            key,
            outcome: 'recorded',
            message: 'report-only: recorded, not banned',
          },
          key,
        );
      }
      const ban = await ctx.store.bans.get(key);
      const isNew = !isActive(ban, now);
      if (isNew && allowance <= 0) {
        limited++;
        return audit(
          {
            ip: request.ip,
            key,
            outcome: 'rejected',
            code: 'RATE_LIMITED',
            message: `source ${source.credential} reached policy.max_new_bans_per_minute`,
          },
          key,
        );
      }
      if (isNew && active >= ctx.maxActiveBans) {
        ctx.log.error('active-ban cap reached: new ban refused', {
          key,
          source: claim,
          max_active_bans: ctx.maxActiveBans,
        });
        return audit(
          {
            ip: request.ip,
            key,
            outcome: 'rejected',
            code: 'CAPACITY',
            message: `policy.max_active_bans (${ctx.maxActiveBans}) reached; raise it or lift bans`,
          },
          key,
        );
      }
      const decision = decideBan(ctx.policy, ban, await ctx.store.bans.offence(key), request, now);
      const row: BanRow =
        decision.kind === 'new'
          ? {
              key,
              family,
              first_seen: ban?.first_seen ?? now,
              last_seen: now,
              hits: (ban?.hits ?? 0) + 1,
              banned_at: now,
              expires_at: decision.expiresAt,
              active: 1,
              reason: (request.reason ?? '').slice(0, 200),
              ended_at: null,
              ended_by: null,
            }
          : {
              ...(ban as BanRow),
              last_seen: now,
              hits: (ban as BanRow).hits + 1,
              expires_at: decision.expiresAt,
            };
      if (decision.kind === 'new') {
        // A key without a ban row has no claims (claims.key references bans.key).
        if (ban !== undefined) await ctx.store.bans.releaseAllClaims(key);
        await ctx.store.bans.saveOffence({ ...decision.offence, key });
        allowance--;
        created++;
        active++;
      }
      await ctx.store.bans.save(row);
      await ctx.store.bans.claim(key, claim, source.credential, now);
      if (decision.kind !== 'unchanged') {
        await ctx.store.outbox.enqueue(ctx.routers, 'add', key, family, now);
        queued = ctx.routers.length > 0 || queued;
      }
      return audit(
        {
          ip: request.ip,
          key,
          outcome: 'accepted',
          new: decision.kind === 'new',
          extended: decision.kind === 'extended',
          expires_at: isoOrNull(row.expires_at),
          permanent: row.expires_at === null,
          offence: decision.offence?.count,
        },
        key,
      );
    }
  });

  logReportDecisions(ctx.log, source, requests, decisions, now);
  if (queued) ctx.onQueued();
  return {
    decisions,
    rateLimited: limited > 0 && decisions.every((d) => d.code === 'RATE_LIMITED'),
    retryAfterSeconds:
      limited > 0 && oldestInWindow !== null
        ? Math.max(1, Math.ceil((oldestInWindow + ctx.limiter.windowMs - now) / 1000))
        : 0,
  };
}
