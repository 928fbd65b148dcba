import type { Db } from './open-database.js';

export interface RouterStateRow {
  router: string;
  last_uptime: number | null;
  last_sync_at: number | null;
  last_sync_summary: string | null;
  sync_requested_at: number | null;
}

/** What the worker remembers per router across restarts: uptime (reboot detection), syncs. */
export class RouterStates {
  private readonly getStmt;
  private readonly ensureStmt;
  private readonly uptimeStmt;
  private readonly syncedStmt;
  private readonly requestStmt;
  private readonly allStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare('SELECT * FROM router_state WHERE router = ?');
    this.ensureStmt = db.prepare('INSERT OR IGNORE INTO router_state (router) VALUES (?)');
    this.uptimeStmt = db.prepare('UPDATE router_state SET last_uptime = ? WHERE router = ?');
    this.syncedStmt = db.prepare(
      'UPDATE router_state SET last_sync_at = ?, last_sync_summary = ? WHERE router = ?',
    );
    this.requestStmt = db.prepare('UPDATE router_state SET sync_requested_at = ? WHERE router = ?');
    this.allStmt = db.prepare('SELECT * FROM router_state ORDER BY router');
  }

  get(router: string): RouterStateRow {
    this.ensureStmt.run(router);
    return this.getStmt.get(router) as RouterStateRow;
  }

  setUptime(router: string, uptime: number): void {
    this.ensureStmt.run(router);
    this.uptimeStmt.run(uptime, router);
  }

  synced(router: string, at: number, summary: Record<string, unknown>): void {
    this.ensureStmt.run(router);
    this.syncedStmt.run(at, JSON.stringify(summary), router);
  }

  requestSync(router: string, at: number): void {
    this.ensureStmt.run(router);
    this.requestStmt.run(at, router);
  }

  all(): RouterStateRow[] {
    return this.allStmt.all() as RouterStateRow[];
  }
}
