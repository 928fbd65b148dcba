import type { Db } from './open-database.js';

export interface RouterStateRow {
  router: string;
  last_uptime: number | null;
  last_sync_at: number | null;
  last_sync_summary: string | null;
  sync_requested_at: number | null;
  identity: string | null;
  guard_held: number | null;
  guard_owned: number | null;
  guard_reason: string | null;
  guard_since: number | null;
}

/** Removals held back by the mass-removal guard (see worker/removal-guard.ts). */
export interface HeldRemovals {
  held: number;
  owned: number;
  reason: string;
  since: number;
}

/**
 * What the worker remembers per router across restarts: uptime (reboot detection), syncs,
 * the router's identity (a store is tied to its routers) and removals the guard holds back.
 */
export class RouterStates {
  private readonly getStmt;
  private readonly ensureStmt;
  private readonly uptimeStmt;
  private readonly syncedStmt;
  private readonly requestStmt;
  private readonly allStmt;
  private readonly identityStmt;
  private readonly guardStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare('SELECT * FROM router_state WHERE router = ?');
    this.ensureStmt = db.prepare('INSERT OR IGNORE INTO router_state (router) VALUES (?)');
    this.uptimeStmt = db.prepare('UPDATE router_state SET last_uptime = ? WHERE router = ?');
    this.syncedStmt = db.prepare(
      'UPDATE router_state SET last_sync_at = ?, last_sync_summary = ? WHERE router = ?',
    );
    this.requestStmt = db.prepare('UPDATE router_state SET sync_requested_at = ? WHERE router = ?');
    this.allStmt = db.prepare('SELECT * FROM router_state ORDER BY router');
    this.identityStmt = db.prepare('UPDATE router_state SET identity = ? WHERE router = ?');
    this.guardStmt = db.prepare(
      `UPDATE router_state SET guard_held = ?, guard_owned = ?, guard_reason = ?, guard_since = ?
       WHERE router = ?`,
    );
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

  setIdentity(router: string, identity: string): void {
    this.ensureStmt.run(router);
    this.identityStmt.run(identity, router);
  }

  /** Records held removals, or clears them (null). */
  setGuard(router: string, guard: HeldRemovals | null): void {
    this.ensureStmt.run(router);
    this.guardStmt.run(
      guard?.held ?? null,
      guard?.owned ?? null,
      guard?.reason ?? null,
      guard?.since ?? null,
      router,
    );
  }

  all(): RouterStateRow[] {
    return this.allStmt.all() as RouterStateRow[];
  }
}
