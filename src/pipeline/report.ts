import type { BanRequest, ReportSource } from '../core/ban-request.js';
import { decideBan, isActive } from '../core/policy/decide-ban.js';
import type { Judgement } from '../core/policy/judgement.js';
import type { AuditEntry } from '../store/audit.js';
import type { BanRow, ClaimHits, OffenceRow } from '../store/bans.js';
import type { PipelineContext } from './context.js';
import { isoOrNull, type Decision } from './decision.js';
import { logReportDecisions } from './decision-log.js';

export interface ReportResult {
  decisions: Decision[];
  /** Every address that would have created a new ban was refused by the rate limit. */
  rateLimited: boolean;
  retryAfterSeconds: number;
}

/**
 * When and by whom a ban was lifted: ended by someone (an unban by a credential or user), not
 * by running out or by the allowlist (end-bans.ts names those `expiry` and `allowlist`).
 */
function liftOf(ban: BanRow | undefined): { at: number | null; by: string } | undefined {
  const by = ban?.ended_by ?? null;
  if (by === null || by === 'expiry' || by === 'allowlist') return undefined;
  return { at: ban?.ended_at ?? null, by };
}

/** The claim name a source holds on a ban (ReportSource.claim, else the credential). */
function claimName(source: ReportSource): string {
  return source.claim ?? source.credential;
}

interface ReportItem {
  ctx: PipelineContext;
  source: ReportSource;
  requests: readonly BanRequest[];
}

interface Judged {
  result: ReportResult;
  /** Router work was queued. */
  queued: boolean;
  now: number;
}

/**
 * Judges and records one report: every decision, the bans, claims, offences, audit rows and
 * router operations are committed together before this returns, so the HTTP layer answers
 * 2xx only for what is durably stored. Reports that arrive together are judged together
 * (decideReports), in arrival order, each as if it ran alone after the ones before it.
 */
export async function report(
  ctx: PipelineContext,
  source: ReportSource,
  requests: readonly BanRequest[],
): Promise<ReportResult> {
  const judged = await ctx.store.combined(decideReports, { ctx, source, requests });
  // After the commit: a combined write that failed and ran again alone logs once.
  for (const d of judged.result.decisions) {
    if (d.code === 'CAPACITY') {
      ctx.log.error('active-ban cap reached: new ban refused', {
        key: d.key,
        source: claimName(source),
        max_active_bans: ctx.maxActiveBans,
      });
    }
  }
  logReportDecisions(ctx.log, source, requests, judged.result.decisions, judged.now);
  if (judged.queued) ctx.onQueued();
  return judged.result;
}

/** The store's combiner for reports: consecutive items of one pipeline decided together. */
async function decideReports(items: ReportItem[]): Promise<Judged[]> {
  const judged: Judged[] = [];
  for (let start = 0; start < items.length;) {
    const ctx = (items[start] as ReportItem).ctx;
    let end = start + 1;
    while (end < items.length && items[end]?.ctx === ctx) end++;
    judged.push(...(await decideBatch(ctx, items.slice(start, end))));
    start = end;
  }
  return judged;
}

/**
 * Reports judged in one transaction: the state they need is read once (the active count,
 * each credential's new bans in the window, the ban and offence rows of every address),
 * every decision is made in memory on that state, in order, and the writes go out with one
 * statement per table. Counted inside the transaction, in the database, so the cap and the
 * per-credential rate limit hold across every instance sharing the store (writers are
 * serialised).
 */
async function decideBatch(ctx: PipelineContext, items: readonly ReportItem[]): Promise<Judged[]> {
  const { store } = ctx;
  const now = ctx.now();
  const windowStart = now - ctx.limiter.windowMs;

  const judgements = items.map((item) => item.requests.map((request) => ctx.judge(request.ip)));
  const keys = new Set<string>();
  items.forEach((item, i) =>
    item.requests.forEach((request, j) => {
      const judged = judgements[i]?.[j];
      if (judged?.ok === true && request.reportOnly !== true) keys.add(judged.key);
    }),
  );

  // What every decision reads, once.
  const credentials = new Map<
    string,
    { allowance: number; oldest: number | null; stale: number; created: number }
  >();
  let active = 0;
  let bans = new Map<string, BanRow>();
  let offences = new Map<string, OffenceRow>();
  if (keys.size > 0) {
    active = await store.bans.countActive();
    for (const item of items) {
      const credential = item.source.credential;
      if (credentials.has(credential)) continue;
      const recent = await store.newBans.since(credential, windowStart);
      credentials.set(credential, {
        allowance: Math.max(0, ctx.limiter.perMinute - recent.count),
        oldest: recent.oldest,
        stale: recent.stale,
        created: 0,
      });
    }
    bans = await store.bans.getMany([...keys]);
    offences = await store.bans.offencesOf([...keys]);
  }

  // What they write, in the order the tables need (a claim's ban first).
  const released = new Set<string>();
  const savedOffences = new Map<string, OffenceRow>();
  const savedBans = new Map<string, BanRow>();
  const claims = new Map<string, ClaimHits>();
  const queuedOps = new Map<string, { op: 'add'; key: string; family: 4 | 6 }>();
  const audit: AuditEntry[] = [];

  const results = items.map((item, i): Judged => {
    const { source, requests } = item;
    const claim = claimName(source);
    const limits = credentials.get(source.credential);
    let limited = 0;
    let queued = false;

    const decisions = requests.map((request, j): Decision => {
      const judged = judgements[i]?.[j] as Judgement;
      const audited = (decision: Decision, key?: string): Decision => {
        audit.push({
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
        return audited({
          ip: request.ip,
          outcome: 'rejected',
          code: judged.code,
          message: judged.message,
        });
      }
      const { key, family } = judged;
      if (request.reportOnly === true) {
        return audited(
          {
            ip: request.ip,
            key,
            outcome: 'recorded',
            message: 'report-only: recorded, not banned',
          },
          key,
        );
      }
      // Read above for every key of this batch.
      const counted = limits as NonNullable<typeof limits>;
      const ban = bans.get(key);
      const lifted = liftOf(ban);
      const isNew = !isActive(ban, now);
      if (isNew && request.restored === true && lifted !== undefined) {
        // fail2ban restarted and announces a ban it still holds, which someone lifted here
        // (banbridge unban, the console, the API): lifting it stands. Any later ban of the
        // address by fail2ban would have been reported as new and made the row active again.
        return audited(
          {
            ip: request.ip,
            key,
            outcome: 'rejected',
            code: 'RESTORED_AFTER_LIFT',
            message: `${key} was lifted ${isoOrNull(lifted.at)} by ${lifted.by}; a ban fail2ban restores after its restart does not undo that (fail2ban-client set JAIL unbanip ${request.ip} lifts it there too)`,
          },
          key,
        );
      }
      if (isNew && counted.allowance <= 0) {
        limited++;
        return audited(
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
        return audited(
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
      const decision = decideBan(ctx.policy, ban, offences.get(key), request, now);
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
        if (ban !== undefined) released.add(key);
        const offence = { ...decision.offence, key };
        offences.set(key, offence);
        savedOffences.set(key, offence);
        counted.allowance--;
        counted.created++;
        // The window's oldest new ban, for Retry-After, if it had none before.
        counted.oldest ??= now;
        // As the count in the store moves (migration 7's triggers count rows with active = 1):
        // a ban that ran out but was not ended yet still counts, so restarting it takes no
        // more room under the cap. (Before reports were judged together, a report counted
        // every new ban it made, and could refuse an address later in it with CAPACITY that
        // a report of its own would have got.)
        if (ban?.active !== 1) active++;
      }
      bans.set(key, row);
      savedBans.set(key, row);
      const held = claims.get(`${key} ${claim}`);
      if (held === undefined) {
        claims.set(`${key} ${claim}`, {
          key,
          source: claim,
          credential: source.credential,
          hits: 1,
        });
      } else {
        held.hits++;
      }
      if (decision.kind !== 'unchanged') {
        queuedOps.set(key, { op: 'add', key, family });
        queued = ctx.routers.length > 0 || queued;
      }
      return audited(
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
    });

    const oldest = limits?.oldest ?? null;
    return {
      result: {
        decisions,
        rateLimited: limited > 0 && decisions.every((d) => d.code === 'RATE_LIMITED'),
        retryAfterSeconds:
          limited > 0 && oldest !== null
            ? Math.max(1, Math.ceil((oldest + ctx.limiter.windowMs - now) / 1000))
            : 0,
      },
      queued,
      now,
    };
  });

  await store.bans.releaseAllClaimsOf([...released]);
  await store.bans.saveOffences([...savedOffences.values()]);
  await store.bans.saveAll([...savedBans.values()]);
  await store.bans.claimAll([...claims.values()], now);
  await store.outbox.enqueueAll(ctx.routers, [...queuedOps.values()], now);
  for (const [credential, counted] of credentials) {
    if (counted.created > 0) {
      await store.newBans.record(credential, now, counted.created, windowStart, counted.stale);
    }
  }
  await store.audit.appendAll(audit);
  return results;
}
