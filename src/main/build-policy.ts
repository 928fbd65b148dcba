import type { Config } from '../config/types.js';
import { parseDuration } from '../core/duration.js';
import { BanbridgeError } from '../core/errors.js';
import { banKey, judgeAddress, parseAddress, type Allowlist } from '../core/ip/index.js';
import type { BanPolicy } from '../core/policy/decide-ban.js';
import type { AddressJudge } from '../core/policy/judgement.js';

export function banPolicy(policy: Config['policy']): BanPolicy {
  return {
    banTimeMs: parseDuration(policy.ban_time, 'policy.ban_time'),
    maxBanTimeMs: parseDuration(policy.max_ban_time, 'policy.max_ban_time'),
    escalation: {
      enabled: policy.escalation.enabled,
      factor: policy.escalation.factor,
      windowMs: parseDuration(policy.escalation.window, 'policy.escalation.window'),
      permanentAfter: policy.escalation.permanent_after,
    },
  };
}

/**
 * The address judge: strict parsing, special-purpose ranges and the allowlist (core/ip),
 * then the widest network a report may ban (policy.min_cidr_v4 / min_cidr_v6). The
 * allowlist is read through a getter because host-name entries are re-resolved.
 */
export function addressJudge(policy: Config['policy'], allowlist: () => Allowlist): AddressJudge {
  return (text) => {
    const judged = judgeAddress(text, { ipv6Prefix: policy.ipv6_prefix, allowlist: allowlist() });
    if (!judged.ok) return judged;
    const floor = judged.family === 4 ? policy.min_cidr_v4 : policy.min_cidr_v6;
    if (judged.prefix < floor) {
      return {
        ok: false,
        code: 'IP_TOO_WIDE',
        message: `${judged.key} is wider than /${floor} (policy.min_cidr_v${judged.family}); report a narrower network`,
      };
    }
    return judged;
  };
}

/** An address or CIDR to its ban key without any policy check (lookups and unbans). */
export function keyOf(ipv6Prefix: number) {
  return (text: string): { key: string; family: 4 | 6 } => {
    try {
      const key = banKey(parseAddress(text), ipv6Prefix);
      return { key: key.key, family: key.family };
    } catch (error) {
      if (error instanceof BanbridgeError) throw error;
      throw new BanbridgeError(
        'IP_INVALID',
        `"${text.slice(0, 60)}" is not an IP address or CIDR`,
        { field: 'ip' },
      );
    }
  };
}
