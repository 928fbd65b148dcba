import { isBanbridgeError } from '../errors.js';
import { matchAllowlist, type Allowlist } from './allowlist.js';
import { banKey } from './ban-key.js';
import { checkReserved, type ReservedVerdict } from './check-reserved.js';
import type { Family } from './network.js';
import { parseAddress, type ParsedAddress } from './parse-address.js';

export interface JudgeOptions {
  /** `policy.ipv6_prefix`: IPv6 bans cover the containing network of this length. */
  readonly ipv6Prefix: number;
  readonly allowlist: Allowlist;
}

export type Judgement =
  | {
      readonly ok: true;
      /** The ban key (src/targets/target.ts), e.g. `203.0.113.9` or `2a01:4f8:1:2::/64`. */
      readonly key: string;
      readonly family: Family;
      /** Prefix length of the ban key. */
      readonly prefix: number;
      /** The reported address or network in canonical text. */
      readonly canonical: string;
    }
  | {
      readonly ok: false;
      readonly code: 'IP_INVALID' | 'IP_RESERVED' | 'IP_ALLOWLISTED';
      readonly message: string;
    };

/**
 * The whole IP policy for one reported address, in order: is it a valid canonical address
 * (IP_INVALID), is anything its ban would cover special-purpose (IP_RESERVED), is anything it
 * would cover on the allowlist (IP_ALLOWLISTED). Reserved and allowlist checks look at the
 * ban key's network, so widening an IPv6 address to its /64 can never cover a protected one.
 */
export function judgeAddress(text: string, options: JudgeOptions): Judgement {
  let parsed: ParsedAddress;
  try {
    parsed = parseAddress(text);
  } catch (error) {
    if (!isBanbridgeError(error)) throw error;
    return { ok: false, code: 'IP_INVALID', message: error.message };
  }
  const ban = banKey(parsed, options.ipv6Prefix);
  const widened = ban.key !== parsed.text;
  const subject = widened ? `${parsed.text} would be banned as ${ban.key}, which` : parsed.text;
  // When only the widening to policy.ipv6_prefix brings the conflict in, say so.
  const widenedHint = `, because the ban covers the whole /${ban.prefix} (policy.ipv6_prefix)`;

  const reserved = checkReserved(ban);
  if (reserved.reserved) {
    const onlyWidened = widened && !checkReserved(parsed).reserved;
    return {
      ok: false,
      code: 'IP_RESERVED',
      message:
        reservedMessage(subject, reserved) +
        (onlyWidened
          ? `${widenedHint}; set a longer policy.ipv6_prefix`
          : '; check that the detector reports the remote client address'),
    };
  }
  const match = matchAllowlist(options.allowlist, ban);
  if (match !== undefined) {
    const allowed = match.entry;
    const shown =
      allowed.configured === allowed.text
        ? allowed.text
        : `${allowed.configured} = ${allowed.text}`;
    const onlyWidened = widened && matchAllowlist(options.allowlist, parsed) === undefined;
    const carried =
      match.embedded === undefined
        ? ''
        : ` embeds IPv4 ${match.embedded.ipv4} (${match.embedded.form}), which`;
    return {
      ok: false,
      code: 'IP_ALLOWLISTED',
      message:
        `${subject}${carried} overlaps the allowlist entry ${allowed.path} (${shown})` +
        (onlyWidened ? widenedHint : '') +
        '; to ban it, remove or narrow that entry',
    };
  }
  return { ok: true, key: ban.key, family: ban.family, prefix: ban.prefix, canonical: parsed.text };
}

function reservedMessage(subject: string, verdict: ReservedVerdict & { reserved: true }): string {
  const { entry, embedded } = verdict;
  const range = `${entry.cidr} (${entry.name}, ${entry.rfc})`;
  const carried =
    embedded === undefined ? '' : ` embeds IPv4 ${embedded.ipv4} (${embedded.form}), which`;
  return `${subject}${carried} overlaps ${range}, a special-purpose range that is never banned`;
}
