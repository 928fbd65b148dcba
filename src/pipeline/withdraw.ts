import { BanbridgeError } from '../core/errors.js';
import { isActive } from '../core/policy/decide-ban.js';
import type { PipelineContext } from './context.js';
import { isoOrNull } from './decision.js';
import { logUnban } from './decision-log.js';

export interface WithdrawActor {
  credential: string;
  detector: string;
  /** Admins (and the local CLI) lift the whole ban; reporters only their own claims. */
  admin: boolean;
  /** Only this claim (e.g. `web01-f2b/sshd@web01`); default: every claim of the credential. */
  claim?: string;
  /**
   * The reporter's own ban time is over (fail2ban unbanning at the end of its bantime, not an
   * `unbanip`): nothing is withdrawn. The ban runs to the end banbridge gave it, which
   * escalation may have made longer than the reporter's, and the claim stays until then.
   */
  ownTimeOver?: boolean;
  detail?: Record<string, unknown>;
}

export interface WithdrawResult {
  key: string;
  /** true: the ban ended and its router entries are being removed. */
  lifted: boolean;
  /** Claims that keep the ban alive (other sources that also reported it). */
  remaining: string[];
  /** ownTimeOver: the claim was kept and the ban runs on until this time (ISO; null: permanent). */
  keptUntil?: string | null;
}

/**
 * Lifts a ban (admin) or withdraws a reporter's claim on it; the ban ends when no claim is
 * left. Throws NOT_FOUND for no active ban and FORBIDDEN when the reporter holds no claim.
 */
export async function withdraw(
  ctx: PipelineContext,
  actor: WithdrawActor,
  key: string,
): Promise<WithdrawResult> {
  const now = ctx.now();
  const result = await ctx.store.transaction(async (): Promise<WithdrawResult> => {
    const ban = await ctx.store.bans.get(key);
    if (!isActive(ban, now)) {
      throw new BanbridgeError('NOT_FOUND', `no active ban for ${key}`, { field: 'ip' });
    }
    const claims = (await ctx.store.bans.claims(key)).filter((c) => c.active === 1);
    const mine = actor.admin
      ? claims
      : claims.filter(
          (c) =>
            c.credential === actor.credential &&
            (actor.claim === undefined || c.source === actor.claim),
        );
    if (mine.length === 0) {
      throw new BanbridgeError(
        'FORBIDDEN',
        `${actor.credential} did not report ${key}${actor.claim === undefined ? '' : ` as ${actor.claim}`}; a reporter may remove only its own reports (an admin may lift any ban)`,
        { field: 'ip' },
      );
    }
    const audit = (outcome: string, detail: Record<string, unknown>) =>
      ctx.store.audit.append({
        at: now,
        action: 'unban',
        credential: actor.credential,
        detector: actor.detector,
        via: actor.claim ?? null,
        key,
        outcome,
        detail: { ...actor.detail, ...detail },
      });
    if (actor.ownTimeOver === true && !actor.admin) {
      const keptUntil = isoOrNull(ban.expires_at);
      await audit('kept', { own_time_over: true, kept_until: keptUntil });
      return { key, lifted: false, remaining: claims.map((c) => c.source), keptUntil };
    }
    for (const c of mine) await ctx.store.bans.releaseClaim(key, c.source);
    const remaining = claims.filter((c) => !mine.includes(c)).map((c) => c.source);
    const lifted = remaining.length === 0;
    if (lifted) {
      await ctx.store.bans.save({ ...ban, active: 0, ended_at: now, ended_by: actor.credential });
      await ctx.store.outbox.enqueue(ctx.routers, 'remove', key, ban.family, now);
    }
    await audit(lifted ? 'lifted' : 'released', {
      released: mine.map((c) => c.source),
      remaining,
    });
    return { key, lifted, remaining };
  });
  if (result.keptUntil !== undefined) {
    ctx.log.info(`Keep ${key}`, {
      key,
      by: actor.credential,
      reason: "the reporter's own ban time is over; banbridge's ban runs to its end",
      until: result.keptUntil ?? 'permanent',
    });
  } else if (result.lifted) {
    logUnban(
      ctx.log,
      key,
      actor.credential,
      actor.admin ? 'lifted' : 'withdrawn by its last claim',
    );
  } else {
    ctx.log.info(`Release ${key}`, { key, by: actor.credential, remaining: result.remaining });
  }
  if (result.lifted && ctx.routers.length > 0) ctx.onQueued();
  return result;
}
