import type { BanRow, ClaimRow } from '../store/bans.js';
import { OWNED_COMMENT_PREFIX, type DesiredEntry } from '../targets/target.js';

/**
 * The router entry for a ban. The comment starts with OWNED_COMMENT_PREFIX (the ownership
 * rule, target.ts); the target sanitises and truncates the rest.
 */
export function desiredEntry(ban: BanRow, claims: readonly ClaimRow[]): DesiredEntry {
  const sources = claims.filter((c) => c.active === 1).map((c) => c.source);
  const who =
    sources.length === 0
      ? OWNED_COMMENT_PREFIX
      : `${OWNED_COMMENT_PREFIX} ${sources.slice(0, 3).join(',')}`;
  return {
    key: ban.key,
    family: ban.family,
    comment: ban.reason === '' ? who : `${who}: ${ban.reason}`,
    expiresAt: ban.expires_at,
  };
}
