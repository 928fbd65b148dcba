import type { BanRow, ClaimRow } from '../store/bans.js';
import { isoOrNull } from '../pipeline/decision.js';

/** The API's JSON form of a ban (times as ISO 8601, claims as source names). */
export function banView(ban: BanRow, claims: readonly ClaimRow[], now: number) {
  const active = ban.active === 1 && (ban.expires_at === null || ban.expires_at > now);
  return {
    key: ban.key,
    family: ban.family,
    active,
    permanent: active && ban.expires_at === null,
    banned_at: isoOrNull(ban.banned_at),
    expires_at: isoOrNull(ban.expires_at),
    first_seen: isoOrNull(ban.first_seen),
    last_seen: isoOrNull(ban.last_seen),
    hits: ban.hits,
    reason: ban.reason,
    sources: claims.filter((c) => c.active === 1).map((c) => c.source),
    ...(active ? {} : { ended_at: isoOrNull(ban.ended_at), ended_by: ban.ended_by }),
  };
}
