import type { SqlDriver } from './sql-driver.js';

export interface RouterStateRow {
  router: string;
  last_uptime: number | null;
  last_sync_at: number | null;
  last_sync_summary: string | null;
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
  constructor(private readonly db: SqlDriver) {}

  private ensure(router: string): Promise<number> {
    return this.db.run('INSERT INTO router_state (router) VALUES (?) ON CONFLICT DO NOTHING', [
      router,
    ]);
  }

  async get(router: string): Promise<RouterStateRow> {
    await this.ensure(router);
    return (await this.db.get<RouterStateRow>('SELECT * FROM router_state WHERE router = ?', [
      router,
    ])) as RouterStateRow;
  }

  async setUptime(router: string, uptime: number): Promise<void> {
    await this.ensure(router);
    await this.db.run('UPDATE router_state SET last_uptime = ? WHERE router = ?', [uptime, router]);
  }

  async synced(router: string, at: number, summary: Record<string, unknown>): Promise<void> {
    await this.ensure(router);
    await this.db.run(
      'UPDATE router_state SET last_sync_at = ?, last_sync_summary = ? WHERE router = ?',
      [at, JSON.stringify(summary), router],
    );
  }

  async setIdentity(router: string, identity: string): Promise<void> {
    await this.ensure(router);
    await this.db.run('UPDATE router_state SET identity = ? WHERE router = ?', [identity, router]);
  }

  /** Records held removals, or clears them (null). */
  async setGuard(router: string, guard: HeldRemovals | null): Promise<void> {
    await this.ensure(router);
    await this.db.run(
      `UPDATE router_state SET guard_held = ?, guard_owned = ?, guard_reason = ?, guard_since = ?
       WHERE router = ?`,
      [
        guard?.held ?? null,
        guard?.owned ?? null,
        guard?.reason ?? null,
        guard?.since ?? null,
        router,
      ],
    );
  }

  all(): Promise<RouterStateRow[]> {
    return this.db.all<RouterStateRow>('SELECT * FROM router_state ORDER BY router');
  }
}
