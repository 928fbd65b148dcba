import type { ClaimRow } from '../../store/bans.js';
import type { AuditView } from '../explain-address.js';

export interface ClaimView {
  source: string;
  credential: string;
  active: boolean;
  first_seen: number;
  last_seen: number;
  hits: number;
  /** graylog | fail2ban | api | cli | import, from the claim's newest report. */
  detector: string | null;
  /** The Graylog event definition title, or fail2ban's jail@host. */
  via: string | null;
  /** The detector's own fields (event definition id, jail, host, failures …). */
  detail: Record<string, unknown> | null;
}

/**
 * Each claim with the detector detail of its newest report. A claim is named after the
 * credential (`graylog`) or credential/via (`web01-f2b/sshd@web01`, see routes/fail2ban.ts).
 */
export function claimViews(
  claims: readonly ClaimRow[],
  history: readonly AuditView[],
): ClaimView[] {
  return claims.map((claim) => {
    const report = history.find(
      (h) =>
        h.action === 'report' &&
        h.outcome === 'accepted' &&
        h.credential === claim.credential &&
        (claim.source === claim.credential || claim.source === `${h.credential}/${h.via ?? ''}`),
    );
    return {
      source: claim.source,
      credential: claim.credential,
      active: claim.active === 1,
      first_seen: claim.first_seen,
      last_seen: claim.last_seen,
      hits: claim.hits,
      detector: report?.detector ?? null,
      via: report?.via ?? null,
      detail: report?.detail ?? null,
    };
  });
}
