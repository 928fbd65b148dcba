import type { BanRow, ClaimRow } from '../store/bans.js';
import type { DesiredEntry } from '../targets/target.js';

/**
 * The router entry for a ban. The comment starts with `banbridge` — that prefix is how the
 * reconciler recognises entries it owns (design.md "Names"); the target sanitises and
 * truncates the rest.
 */
export function desiredEntry(ban: BanRow, claims: readonly ClaimRow[]): DesiredEntry {
  const sources = claims.filter((c) => c.active === 1).map((c) => c.source);
  const who = sources.length === 0 ? 'banbridge' : `banbridge ${sources.slice(0, 3).join(',')}`;
  return {
    key: ban.key,
    family: ban.family,
    comment: ban.reason === '' ? who : `${who}: ${ban.reason}`,
    expiresAt: ban.expires_at,
  };
}
