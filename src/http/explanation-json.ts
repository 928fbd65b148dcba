import type { PipelineContext } from '../pipeline/context.js';
import { isoOrNull } from '../pipeline/decision.js';
import type { AddressExplanation, AuditView } from '../pipeline/explain-address.js';
import { banView } from './ban-view.js';

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

/**
 * The whole answer about one address, as `GET /v1/bans/{ip}` sends it and
 * `banbridge show IP --json` prints it: the explanation plus the ban (null when none).
 */
export async function addressJson(pipeline: PipelineContext, e: AddressExplanation) {
  const store = pipeline.store;
  const ban = e.state === 'never-banned' ? undefined : await store.bans.get(e.key);
  return {
    ...explanationJson(e),
    ban: ban === undefined ? null : banView(ban, await store.bans.claims(e.key), pipeline.now()),
  };
}
