import type { BanRow } from '../store/bans.js';
import { OWNED_COMMENT_PREFIX, type DesiredEntry } from '../targets/target.js';

/**
 * The router entry for a ban, given the sources of its active claims. The comment starts
 * with OWNED_COMMENT_PREFIX (the ownership rule, target.ts); the target sanitises and
 * truncates the rest.
 */
export function desiredEntry(ban: BanRow, sources: readonly string[]): DesiredEntry {
  return {
    key: ban.key,
    family: ban.family,
    comment: entryComment(ban.reason, sources),
    expiresAt: ban.expires_at,
  };
}

/** `banbridge <up to three sources>: <reason>`. */
export function entryComment(reason: string, sources: readonly string[]): string {
  const who =
    sources.length === 0
      ? OWNED_COMMENT_PREFIX
      : `${OWNED_COMMENT_PREFIX} ${sources.slice(0, 3).join(',')}`;
  return reason === '' ? who : `${who}: ${reason}`;
}
