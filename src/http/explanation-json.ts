import { isoOrNull } from '../pipeline/decision.js';
import type { AddressExplanation, AuditView } from '../pipeline/explain-address.js';

function auditJson(row: AuditView) {
  return { ...row, at: new Date(row.at).toISOString() };
}

/** The API's JSON form of an address explanation (times as ISO 8601). */
export function explanationJson(e: AddressExplanation) {
  return {
    key: e.key,
    family: e.family,
    state: e.state,
    judgement: e.judgement,
    offences: e.offence?.count ?? 0,
    escalation: e.offence?.escalation ?? null,
    claims: e.claims.map((c) => ({
      ...c,
      first_seen: isoOrNull(c.first_seen),
      last_seen: isoOrNull(c.last_seen),
    })),
    refusals: e.refusals.map(auditJson),
    evidence: e.evidence.map(auditJson),
    routers: e.routers.map((r) => ({ ...r, since: isoOrNull(r.since) })),
    history: e.history.map(auditJson),
  };
}
