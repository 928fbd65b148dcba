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

  async append(entry: AuditEntry): Promise<void> {
    await this.db.run(
      `INSERT INTO audit (at, action, credential, detector, via, ip, key, outcome, code, detail, evidence)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        entry.at,
        entry.action,
        entry.credential,
        entry.detector,
        entry.via ?? null,
        entry.ip ?? null,
        entry.key ?? null,
        entry.outcome,
        entry.code ?? null,
        entry.detail ? clipDetail(entry.detail) : null,
        entry.evidence ? entry.evidence.slice(0, EVIDENCE_MAX) : null,
      ],
    );
  }

  /** Drops audit rows older than `before` (store.audit_retention); bans and offences stay. */
  purgeBefore(before: number): Promise<number> {
    return this.db.run('DELETE FROM audit WHERE at < ?', [before]);
  }

  forKey(key: string, limit: number): Promise<AuditRow[]> {
    return this.db.all<AuditRow>('SELECT * FROM audit WHERE key = ? ORDER BY id DESC LIMIT ?', [
      key,
      limit,
    ]);
  }
}
