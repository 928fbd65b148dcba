import type { BanPolicy } from '../../core/policy/decide-ban.js';
import type { BanRow, OffenceRow } from '../../store/bans.js';
import { humanDuration } from './human-duration.js';

/**
 * Says which rule of decideBan (core/policy/decide-ban.ts) set this ban's length: the base
 * ban time, escalation by factor within the window, the cap, or permanence.
 */
export function escalationNote(policy: BanPolicy, ban: BanRow, offence: OffenceRow): string {
  const { escalation } = policy;
  const nth = `offence ${offence.count}`;
  const window = humanDuration(escalation.windowMs);
  if (ban.expires_at === null) {
    if (
      escalation.enabled &&
      escalation.permanentAfter > 0 &&
      offence.count >= escalation.permanentAfter
    ) {
      return `${nth} within ${window}: permanent (policy.escalation.permanent_after: ${escalation.permanentAfter})`;
    }
    return `${nth}: permanent (the detector asked for a ban without end, or the previous ban was permanent)`;
  }
  const duration = ban.expires_at - ban.banned_at;
  const base = humanDuration(policy.banTimeMs);
  if (!escalation.enabled || offence.count <= 1) {
    return `${nth}: ${humanDuration(duration)} (requested, or policy.ban_time ${base}; no escalation${escalation.enabled ? '' : ': policy.escalation.enabled is false'})`;
  }
  const capped =
    duration >= policy.maxBanTimeMs
      ? `, capped at policy.max_ban_time ${humanDuration(policy.maxBanTimeMs)}`
      : '';
  return `${nth} within ${window}: ${humanDuration(duration)} = previous ban × ${escalation.factor}${capped}`;
}
