import { inSlices } from './multi-row.js';
import { purgeInBatches } from './purge-in-batches.js';
import type { SqlDriver } from './sql-driver.js';

export interface AuditEntry {
  at: number;
  /** report | unban | expire | import | admin-ban | admin-unban | test-notification */
  action: string;
  credential: string;
  detector: string;
  via?: string | null;
  ip?: string | null;
  key?: string | null;
  /** accepted | rejected | recorded | lifted | released */
  outcome: string;
  code?: string | null;
  detail?: Record<string, unknown> | null;
  evidence?: string | null;
}

export interface AuditRow extends Omit<AuditEntry, 'detail'> {
  id: number;
  detail: string | null;
}

/** Characters of `via` (the detector's name for what it saw) stored. */
const VIA_MAX = 200;

/**
 * The columns an audit entry and an audit row share, absent ones as null: how an entry is
 * written and how a row is shown (pipeline/explain-address.ts) map them the same way.
 */
export function auditColumns(e: Omit<AuditEntry, 'detail' | 'evidence'>) {
  return {
    at: e.at,
    action: e.action,
    credential: e.credential,
    detector: e.detector,
    // Detector names are short (a Graylog title is clipped where it is read); a bound here too.
    via: e.via === undefined || e.via === null ? null : e.via.slice(0, VIA_MAX),
    ip: e.ip ?? null,
    key: e.key ?? null,
    outcome: e.outcome,
    code: e.code ?? null,
  };
}

const EVIDENCE_MAX = 2000;
const DETAIL_MAX = 4000;
const DETAIL_STRING_MAX = 300;

/**
 * Detail JSON at most DETAIL_MAX characters: long strings are clipped first; if it is still
 * too big, only its keys are kept. One report must not be able to write megabytes.
 */
export function clipDetail(detail: Record<string, unknown>): string {
  const whole = JSON.stringify(detail);
  if (whole.length <= DETAIL_MAX) return whole;
  const clipped = JSON.stringify(detail, (_key, value: unknown) =>
    typeof value === 'string' && value.length > DETAIL_STRING_MAX
      ? `${value.slice(0, DETAIL_STRING_MAX)}…`
      : value,
  );
  if (clipped.length <= DETAIL_MAX) return clipped;
  return JSON.stringify({ truncated: true, keys: Object.keys(detail).slice(0, 50) });
}

/** The audit trail: every report and decision, with its source and evidence. Append-only. */
export class AuditLog {
  constructor(private readonly db: SqlDriver) {}

  append(entry: AuditEntry): Promise<void> {
    return this.appendAll([entry]);
  }

  /** Appends entries in order (ids ascend in the order given). */
  async appendAll(entries: readonly AuditEntry[]): Promise<void> {
    await inSlices(entries, 11, (slice, values) =>
      this.db.run(
        `INSERT INTO audit (at, action, credential, detector, via, ip, key, outcome, code, detail, evidence)
         VALUES ${values}`,
        slice.flatMap((entry) => {
          const c = auditColumns(entry);
          return [
            c.at,
            c.action,
            c.credential,
            c.detector,
            c.via,
            c.ip,
            c.key,
            c.outcome,
            c.code,
            entry.detail ? clipDetail(entry.detail) : null,
            entry.evidence ? entry.evidence.slice(0, EVIDENCE_MAX) : null,
          ];
        }),
      ),
    );
  }

  /** Drops audit rows older than `before` (store.audit_retention); bans and offences stay. */
  purgeBefore(before: number): Promise<number> {
    return purgeInBatches(this.db, 'audit', 'at < ?', [before]);
  }

  forKey(key: string, limit: number): Promise<AuditRow[]> {
    return this.db.all<AuditRow>('SELECT * FROM audit WHERE key = ? ORDER BY id DESC LIMIT ?', [
      key,
      limit,
    ]);
  }
}
