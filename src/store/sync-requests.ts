import { inList } from './multi-row.js';
import type { SqlDriver } from './sql-driver.js';

export interface SyncRequestRow {
  id: number;
  router: string;
  allow_removals: number;
  requested_by: string;
  requested_at: number;
  answered_by: string | null;
  answered_at: number | null;
  /** The reconcile summary (JSON) when it succeeded. */
  summary: string | null;
  /** The error code when it failed (with `error`, its message). */
  error_code: string | null;
  error: string | null;
}

/** What the driving instance owes: every open request up to `upTo`, removals allowed or not. */
export interface OpenSyncRequests {
  upTo: number;
  allowRemovals: boolean;
}

export type SyncAnswer = { summary: Record<string, unknown> } | { code: string; message: string };

/** Requests are kept this long (for a late reader), then dropped by the next ask. */
const KEEP_MS = 86_400_000;

/**
 * "Reconcile now", asked by `banbridge sync` (while another instance drives the router),
 * POST /v1/sync or the console: the request is recorded, the router's driving instance
 * reconciles and answers it with the summary (or the error, at once when the router is
 * down) and its name; one reconcile answers every request open when it started. Times from
 * the database clock.
 */
export class SyncRequests {
  constructor(private readonly db: SqlDriver) {}

  /** Records a request; resolves to its id. */
  async ask(router: string, by: string, allowRemovals: boolean): Promise<number> {
    return (await this.askAll([router], by, allowRemovals))[0] as number;
  }

  /** Records one request per router (dropping those past KEEP_MS once); resolves to their ids. */
  async askAll(routers: readonly string[], by: string, allowRemovals: boolean): Promise<number[]> {
    const now = this.db.nowSql;
    await this.db.run(
      `DELETE FROM sync_requests
        WHERE answered_at < ${now} - ? OR (answered_at IS NULL AND requested_at < ${now} - ?)`,
      [KEEP_MS, KEEP_MS],
    );
    const ids: number[] = [];
    for (const router of routers) {
      const row = await this.db.get<{ id: number }>(
        `INSERT INTO sync_requests (router, allow_removals, requested_by, requested_at)
         VALUES (?, ?, ?, ${now}) RETURNING id`,
        [router, allowRemovals ? 1 : 0, by],
      );
      ids.push(Number(row?.id));
    }
    return ids;
  }

  /** What the reconcile changed, from an answered request's `summary` column. */
  static summaryOf(row: SyncRequestRow): Record<string, unknown> | null {
    return row.summary === null ? null : (JSON.parse(row.summary) as Record<string, unknown>);
  }

  /** The router's unanswered requests, or null when there are none. */
  async open(router: string): Promise<OpenSyncRequests | null> {
    const row = await this.db.get<{ up_to: number | null; allow: number | null }>(
      `SELECT max(id) AS up_to, max(allow_removals) AS allow FROM sync_requests
        WHERE router = ? AND answered_at IS NULL`,
      [router],
    );
    if (row?.up_to === null || row?.up_to === undefined) return null;
    return { upTo: Number(row.up_to), allowRemovals: Number(row.allow) === 1 };
  }

  /** Answers the router's open requests up to `upTo` (those the reconcile covered). */
  async answer(router: string, upTo: number, by: string, answer: SyncAnswer): Promise<void> {
    const failed = 'code' in answer;
    await this.db.run(
      `UPDATE sync_requests
          SET answered_by = ?, answered_at = ${this.db.nowSql},
              summary = ?, error_code = ?, error = ?
        WHERE router = ? AND id <= ? AND answered_at IS NULL`,
      [
        by,
        failed ? null : JSON.stringify(answer.summary),
        failed ? answer.code : null,
        failed ? answer.message : null,
        router,
        upTo,
      ],
    );
  }

  /** The newest request of each of these routers (routers never asked are absent). */
  async latest(routers: readonly string[]): Promise<Map<string, SyncRequestRow>> {
    if (routers.length === 0) return new Map();
    const rows = await this.db.all<SyncRequestRow>(
      `SELECT * FROM sync_requests WHERE id IN (
         SELECT max(id) FROM sync_requests WHERE router IN (${inList(routers.length)}) GROUP BY router)`,
      routers,
    );
    return new Map(rows.map((row) => [row.router, row]));
  }

  get(id: number): Promise<SyncRequestRow | undefined> {
    return this.db.get<SyncRequestRow>('SELECT * FROM sync_requests WHERE id = ?', [id]);
  }

  /** Takes back a request nobody answered (the CLI gave up or syncs itself after all). */
  async withdraw(id: number): Promise<void> {
    await this.db.run('DELETE FROM sync_requests WHERE id = ? AND answered_at IS NULL', [id]);
  }
}
