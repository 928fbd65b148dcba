import { BanbridgeError, ERROR_CODES, type ErrorCode } from '../core/errors.js';
import { isActive } from '../core/policy/decide-ban.js';
import { auditColumns, type AuditRow } from '../store/audit.js';
import type { PipelineContext } from './context.js';
import { escalationNote } from './explain/escalation-note.js';
import { claimViews, type ClaimView } from './explain/claim-views.js';
import { routerPresence, type RouterPresence } from './explain/router-presence.js';

export interface AuditView {
  at: number;
  action: string;
  credential: string;
  detector: string;
  via: string | null;
  ip: string | null;
  key: string | null;
  outcome: string;
  code: string | null;
  detail: Record<string, unknown> | null;
  evidence: string | null;
}

export interface AddressExplanation {
  /** What was asked, trimmed. */
  input: string;
  key: string;
  family: 4 | 6;
  state: 'banned' | 'ended' | 'never-banned';
  /** What the policy says about the address today (reserved, allowlisted, too wide, or ok). */
  judgement: { ok: true } | { ok: false; code: string; message: string };
  ban: {
    banned_at: number;
    expires_at: number | null;
    permanent: boolean;
    reason: string;
    first_seen: number;
    last_seen: number;
    hits: number;
    ended_at: number | null;
    ended_by: string | null;
  } | null;
  offence: { count: number; duration_ms: number | null; escalation: string } | null;
  claims: ClaimView[];
  /** Reports that were refused, newest first, with the policy's reason. */
  refusals: (AuditView & { reason: string })[];
  /** Log lines and messages detectors sent with their reports, newest first. */
  evidence: AuditView[];
  routers: RouterPresence[];
  history: AuditView[];
}

const HISTORY_LIMIT = 200;

export function auditView(row: AuditRow): AuditView {
  let detail: Record<string, unknown> | null = null;
  if (row.detail !== null) {
    try {
      detail = JSON.parse(row.detail) as Record<string, unknown>;
    } catch {
      detail = { unreadable: true };
    }
  }
  return { ...auditColumns(row), detail, evidence: row.evidence ?? null };
}

/**
 * "Why is this address blocked, or why not?" — one answer for the console, the API and
 * `banbridge show`: the ban, its claims and their detectors, the offence and escalation, the
 * evidence, refused reports with the policy's reason, and each router's state. Reads only.
 */
export async function explainAddress(
  ctx: PipelineContext,
  keyOf: (text: string) => { key: string; family: 4 | 6 },
  text: string,
): Promise<AddressExplanation> {
  const input = text.trim();
  if (input === '' || input.length > 100) {
    throw new BanbridgeError('IP_INVALID', 'give one IPv4 or IPv6 address or CIDR', {
      field: 'ip',
    });
  }
  const { key, family } = keyOf(input);
  const { store } = ctx;
  const now = ctx.now();
  // Independent reads: on PostgreSQL they run in parallel on the pool.
  const [row, audit, offence, claims, ops, states] = await Promise.all([
    store.bans.get(key),
    store.auditReads.forAddress(key, input, HISTORY_LIMIT),
    store.bans.offence(key),
    store.bans.claims(key),
    store.outboxReads.latestForKey(key),
    store.routers.all(),
  ]);
  // Not a type guard here: both branches read the row.
  const banned: boolean = isActive(row, now) as boolean;
  const history = audit.map(auditView);
  const judged = ctx.judge(input);
  return {
    input,
    key,
    family,
    state: banned ? 'banned' : row === undefined ? 'never-banned' : 'ended',
    judgement: judged.ok ? { ok: true } : { ok: false, code: judged.code, message: judged.message },
    ban:
      row === undefined
        ? null
        : {
            banned_at: row.banned_at,
            expires_at: row.expires_at,
            permanent: banned && row.expires_at === null,
            reason: row.reason,
            first_seen: row.first_seen,
            last_seen: row.last_seen,
            hits: row.hits,
            ended_at: banned ? null : (row.ended_at ?? row.expires_at),
            ended_by: banned ? null : (row.ended_by ?? 'expiry'),
          },
    offence:
      offence === undefined || row === undefined
        ? null
        : {
            count: offence.count,
            duration_ms: row.expires_at === null ? null : row.expires_at - row.banned_at,
            escalation: escalationNote(ctx.policy, row, offence),
          },
    claims: claimViews(claims, history),
    refusals: history
      .filter((h) => h.outcome === 'rejected')
      .map((h) => ({
        ...h,
        // The policy's own words when it still refuses for the same reason, else the code's title.
        reason:
          !judged.ok && judged.code === h.code
            ? judged.message
            : h.code !== null && h.code in ERROR_CODES
              ? ERROR_CODES[h.code as ErrorCode].title
              : 'refused',
      })),
    evidence: history.filter((h) => h.evidence !== null),
    routers: ctx.routers.map((router) =>
      routerPresence(
        router,
        banned,
        banned ? (row?.banned_at ?? null) : null,
        ops.get(router),
        states.find((s) => s.router === router),
      ),
    ),
    history,
  };
}
