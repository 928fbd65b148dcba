/**
 * How long a ban lasts: pure, no I/O. The rules (documented in the README with examples):
 *
 * - A new ban lasts the requested duration (the detector's, e.g. fail2ban's bantime) or
 *   policy.ban_time, capped at policy.max_ban_time.
 * - Escalation (fail2ban's bantime.increment and recidive are the model): when the same key
 *   was last banned less than escalation.window ago, the new ban lasts
 *   max(requested, previous duration × factor), capped at max_ban_time; the offence count
 *   goes up by one. Outside the window the count restarts at 1. The history outlives bans.
 * - With escalation.permanent_after = N > 0, the N-th ban within the window is permanent.
 * - A report for an active ban is a hit: it may lengthen the ban to now + requested, never
 *   shorten it, and is not a new offence. Lengthening by less than MIN_EXTENSION is ignored so
 *   that a detector reporting every minute does not cause a router write every minute.
 * - A ban that fail2ban restored after its own restart never escalates, never counts as a
 *   new offence, and never lengthens a ban still running: it is the same ban announced
 *   again, not a new hit (fail2ban restores a ticket with its own remaining time).
 */
import type { BanState, Offence } from './ban-state.js';

export interface BanPolicy {
  banTimeMs: number;
  maxBanTimeMs: number;
  escalation: { enabled: boolean; factor: number; windowMs: number; permanentAfter: number };
}

export interface BanAsk {
  durationMs?: number;
  permanent?: boolean;
  restored?: boolean;
}

export type BanDecision =
  | { kind: 'new'; expiresAt: number | null; durationMs: number | null; offence: Offence }
  | { kind: 'extended'; expiresAt: number | null; offence: Offence | undefined }
  | { kind: 'unchanged'; expiresAt: number | null; offence: Offence | undefined };

/** Extensions smaller than this (or 10 % of the ban, whichever is smaller) are not written. */
export const MIN_EXTENSION_MS = 5 * 60_000;

export function isActive<T extends BanState>(ban: T | undefined, now: number): ban is T {
  return ban !== undefined && ban.active === 1 && (ban.expires_at === null || ban.expires_at > now);
}

export function decideBan(
  policy: BanPolicy,
  ban: BanState | undefined,
  offence: Offence | undefined,
  ask: BanAsk,
  now: number,
): BanDecision {
  const requested = Math.min(
    Math.max(ask.durationMs ?? policy.banTimeMs, 1000),
    policy.maxBanTimeMs,
  );

  if (isActive(ban, now)) {
    if (ban.expires_at === null || ask.restored === true) {
      return { kind: 'unchanged', expiresAt: ban.expires_at, offence };
    }
    if (ask.permanent === true) return { kind: 'extended', expiresAt: null, offence };
    const candidate = now + requested;
    const threshold = Math.min(MIN_EXTENSION_MS, (ban.expires_at - ban.banned_at) / 10);
    return candidate > ban.expires_at + threshold
      ? { kind: 'extended', expiresAt: candidate, offence }
      : { kind: 'unchanged', expiresAt: ban.expires_at, offence };
  }

  const { escalation } = policy;
  const recent = offence !== undefined && now - offence.last_ban_at <= escalation.windowMs;
  if (ask.restored === true) {
    const kept = offence ?? { key: '', count: 1, last_ban_at: now, last_duration_ms: requested };
    const expiresAt = ask.permanent === true ? null : now + requested;
    return {
      kind: 'new',
      expiresAt,
      durationMs: expiresAt === null ? null : requested,
      offence: kept,
    };
  }
  const count = recent ? offence.count + 1 : 1;
  let duration = requested;
  if (escalation.enabled && recent && offence.last_duration_ms !== null) {
    duration = Math.min(
      Math.max(requested, Math.round(offence.last_duration_ms * escalation.factor)),
      policy.maxBanTimeMs,
    );
  }
  const permanent =
    ask.permanent === true ||
    (escalation.enabled && escalation.permanentAfter > 0 && count >= escalation.permanentAfter) ||
    (escalation.enabled && recent && offence.last_duration_ms === null);
  return {
    kind: 'new',
    expiresAt: permanent ? null : now + duration,
    durationMs: permanent ? null : duration,
    offence: { key: '', count, last_ban_at: now, last_duration_ms: permanent ? null : duration },
  };
}
