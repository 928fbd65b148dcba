import type { Log } from '../core/logger.js';
import { isActive } from '../core/policy/decide-ban.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Store } from '../store/store.js';
import type { OutboxOp } from '../store/outbox.js';
import type { DesiredEntry, Target, TargetResult } from '../targets/target.js';
import { backoffDelay } from './backoff.js';
import { desiredEntry } from './entry-comment.js';
import { planReconcile } from './plan-reconcile.js';
import type { WorkerStatus } from './status.js';

export interface RouterWorkerOptions {
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  syncIntervalMs: number;
  refreshBelowMs: number;
  /** Operations taken per batch (one pipelined burst on the connection). */
  batchSize?: number;
  /** How often to look for `banbridge sync` requests and reboots (uptime going backwards). */
  probeIntervalMs?: number;
}

const CONNECTION_CODES = new Set([
  'ROUTER_UNREACHABLE',
  'ROUTER_DISCONNECTED',
  'ROUTER_TIMEOUT',
  'ROUTER_FATAL',
  'ROUTER_TLS',
  'ROUTER_AUTH',
]);

function isConnectionError(error: unknown): boolean {
  return CONNECTION_CODES.has((error as { code?: string } | undefined)?.code ?? '');
}

/**
 * Applies one router's outbox operations and keeps it reconciled. Each router has its own
 * worker and loop, so a router that is down or slow never delays another. Never removes
 * anything on shutdown.
 */
export class RouterWorker {
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private syncReason: string | undefined = 'start';
  private downSince: number | null = null;
  private downAttempts = 0;
  private lastProbe = 0;
  private readonly state: WorkerStatus;

  constructor(
    private readonly target: Target,
    private readonly store: Store,
    private readonly options: RouterWorkerOptions,
    private readonly log: Log,
    private readonly metrics: Metrics,
    private readonly now: () => number = Date.now,
  ) {
    this.state = {
      router: target.name,
      state: 'unknown',
      lastError: null,
      lastContactAt: null,
      lastSyncAt: null,
      lastSync: null,
      pending: 0,
      guard: null,
    };
    target.onReconnect(() => {
      this.requestSync('reconnect');
    });
  }

  get name(): string {
    return this.target.name;
  }

  /** The state as of the last pass (the loop refreshes `pending` after each one). */
  status(): WorkerStatus {
    return { ...this.state };
  }

  /** The last sync remembered in the store, so status survives a restart. */
  private async loadSaved(): Promise<void> {
    const saved = await this.store.routers.get(this.name);
    this.state.lastSyncAt ??= saved.last_sync_at;
    if (this.state.lastSync === null && saved.last_sync_summary !== null) {
      this.state.lastSync = JSON.parse(saved.last_sync_summary) as Record<string, unknown>;
    }
  }

  async refreshPending(): Promise<void> {
    try {
      this.state.pending = await this.store.outbox.pending(this.name);
    } catch {
      // store unavailable: /readyz reports that; keep the last known count
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run().catch((error: unknown) => {
      this.log.error('router worker stopped by an unexpected error', {
        router: this.name,
        error: String(error),
      });
    });
  }

  /** Work was queued: at least one operation is pending until the next pass counts them. */
  wake(): void {
    if (this.running) this.state.pending = Math.max(this.state.pending, 1);
    this.wakeUp?.();
  }

  requestSync(reason: string): void {
    this.syncReason ??= reason;
    this.wake();
  }

  /**
   * Probes and reconciles once, now (for `banbridge sync`); throws when the router cannot be
   * reached. Returns the reconcile summary.
   */
  async syncNow(reason = 'requested'): Promise<Record<string, unknown>> {
    await this.probe();
    await this.reconcile(reason);
    return this.state.lastSync ?? {};
  }

  /** Stops after the current batch; router entries stay as they are. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    await this.loadSaved().catch(() => undefined);
    while (this.running) {
      let wait = 1000;
      try {
        await this.step();
        wait = await this.nextWait();
      } catch (error) {
        this.markDown(error);
        try {
          wait = await this.nextWait();
        } catch (storeError) {
          // the store itself failed (busy past busy_timeout, I/O): try again in a second
          this.log.error('router worker could not read the store; retrying', {
            router: this.name,
            error: String(storeError),
          });
        }
      }
      await this.refreshPending();
      if (!this.running) break;
      await this.sleep(wait);
    }
  }

  /** One pass: probe, reconcile when due, then apply due operations. */
  private async step(): Promise<void> {
    const now = this.now();
    if (this.downSince !== null) {
      await this.probe();
      this.syncReason ??= 'reconnect';
    } else if (now - this.lastProbe >= (this.options.probeIntervalMs ?? 30_000)) {
      await this.probe();
    }
    const saved = await this.store.routers.get(this.name);
    if (
      saved.sync_requested_at !== null &&
      (saved.last_sync_at === null || saved.sync_requested_at > saved.last_sync_at)
    ) {
      this.syncReason ??= 'requested';
    }
    if (
      this.syncReason === undefined &&
      (this.state.lastSyncAt === null || now - this.state.lastSyncAt >= this.options.syncIntervalMs)
    ) {
      this.syncReason = 'interval';
    }
    if (this.syncReason !== undefined) {
      try {
        await this.reconcile(this.syncReason);
      } catch (error) {
        if (isConnectionError(error)) throw error;
        // The router answered but refused the read (e.g. no read rights on a list): queued
        // operations still go out; the next reconcile is tried at the next interval.
        this.syncReason = undefined;
        this.state.lastSyncAt = this.now();
        this.state.lastSync = {
          reason: 'failed',
          error: String((error as Error).message ?? error),
        };
        this.log.error('router reconciliation failed; operations are still applied', {
          router: this.name,
          code: (error as { code?: string }).code ?? 'INTERNAL',
          error: (error as Error).message ?? String(error),
        });
      }
    }
    for (let batches = 0; this.running && batches < 50; batches++) {
      const ops = await this.store.outbox.due(this.name, this.now(), this.options.batchSize ?? 256);
      if (ops.length === 0) break;
      await this.apply(ops);
      if (this.downSince !== null || this.syncReason !== undefined) break;
    }
  }

  /** Reads uptime: succeeds → connected; uptime lower than last seen → the router rebooted. */
  private async probe(): Promise<void> {
    const uptime = await this.target.uptimeSeconds();
    this.lastProbe = this.now();
    this.markUp();
    const last = (await this.store.routers.get(this.name)).last_uptime;
    if (last !== null && uptime < last) {
      this.log.warn('router rebooted (uptime went backwards); reconciling', {
        router: this.name,
        uptime,
        previous: last,
      });
      this.syncReason ??= 'reboot';
    }
    await this.store.routers.setUptime(this.name, uptime);
  }

  private async reconcile(reason: string): Promise<void> {
    const started = this.now();
    const coveredUpTo = await this.store.outbox.maxId(this.name);
    const desired = new Map<string, DesiredEntry>();
    for (const ban of await this.store.bans.active()) {
      if (!isActive(ban, started)) continue;
      desired.set(ban.key, desiredEntry(ban, await this.store.bans.claims(ban.key)));
    }
    const observed = await this.target.list();
    this.markUp();
    const plan = planReconcile(
      desired,
      observed,
      this.target.entryMode,
      started,
      this.options.refreshBelowMs,
    );
    const added = plan.add.length > 0 ? await this.target.add(plan.add) : [];
    const removed = plan.remove.length > 0 ? await this.target.removeIds(plan.remove) : [];
    const refreshed = plan.refresh.length > 0 ? await this.target.refresh(plan.refresh) : [];
    const results = [...added, ...removed, ...refreshed];
    const failed = results.filter((r) => !r.ok);
    // Queued ops for keys whose reconcile write failed keep their own retries and state.
    const failedKeys = [
      ...plan.add.filter((_, i) => added[i]?.ok !== true).map((e) => e.key),
      ...plan.refresh.filter((_, i) => refreshed[i]?.ok !== true).map((r) => r.entry.key),
    ];
    const summary = {
      reason,
      desired: desired.size,
      observed: observed.length,
      added: plan.add.length,
      removed: plan.remove.length,
      refreshed: plan.refresh.length,
      in_place: plan.inPlace,
      foreign: plan.foreign,
      failed: failed.length,
      ms: this.now() - started,
    };
    const connectionLost = failed.some((r) => !r.ok && isConnectionError(r.error));
    if (connectionLost) {
      const first = failed[0] as Extract<TargetResult, { ok: false }>;
      throw first.error;
    }
    await this.store.transaction(async () => {
      await this.store.outbox.settleUpTo(this.name, coveredUpTo, this.now(), failedKeys);
      await this.store.routers.synced(this.name, this.now(), summary);
    });
    this.syncReason = undefined;
    this.state.lastSyncAt = this.now();
    this.state.lastSync = summary;
    this.metrics.inc('banbridge_reconciles_total', {
      router: this.name,
      result: failed.length === 0 ? 'ok' : 'partial',
    });
    const writes = plan.add.length + plan.remove.length + plan.refresh.length;
    (writes > 0 || failed.length > 0 ? this.log.info : this.log.debug).call(
      this.log,
      'router reconciled',
      { router: this.name, ...summary },
    );
  }

  private async apply(ops: OutboxOp[]): Promise<void> {
    const now = this.now();
    const adds: { op: OutboxOp; entry: DesiredEntry }[] = [];
    const removes: OutboxOp[] = [];
    for (const op of ops) {
      if (op.op === 'remove') {
        removes.push(op);
        continue;
      }
      const ban = await this.store.bans.get(op.key);
      if (!isActive(ban, now)) {
        await this.store.outbox.done(op.id, now); // the ban ended meanwhile; its remove op follows
        continue;
      }
      adds.push({ op, entry: desiredEntry(ban, await this.store.bans.claims(op.key)) });
    }
    const [addResults, removeResults] = await Promise.all([
      adds.length > 0 ? this.target.add(adds.map((a) => a.entry)) : Promise.resolve([]),
      removes.length > 0
        ? this.target.remove(removes.map((r) => ({ key: r.key, family: r.family })))
        : Promise.resolve([]),
    ]);
    const pairs: [OutboxOp, TargetResult | undefined][] = [
      ...adds.map((a, i): [OutboxOp, TargetResult | undefined] => [a.op, addResults[i]]),
      ...removes.map((op, i): [OutboxOp, TargetResult | undefined] => [op, removeResults[i]]),
    ];
    const failures = pairs.filter(([, r]) => r === undefined || !r.ok);
    const connectionLost =
      failures.length === pairs.length &&
      failures.every(([, r]) => r !== undefined && !r.ok && isConnectionError(r.error));
    if (connectionLost && pairs.length > 0) {
      // The router, not the operations, failed: ops stay due; the router backs off and is
      // reconciled when it answers again.
      const first = pairs[0]?.[1];
      throw first !== undefined && !first.ok ? first.error : new Error('router failed');
    }
    const done = this.now();
    await this.store.transaction(async () => {
      for (const [op, result] of pairs) {
        if (result?.ok === true) {
          await this.store.outbox.done(op.id, done);
          this.metrics.inc('banbridge_router_ops_total', {
            router: this.name,
            op: op.op,
            result: 'ok',
          });
          continue;
        }
        const error =
          result === undefined
            ? { code: 'INTERNAL', message: 'no result', retryable: true }
            : result.error;
        const attempts = op.attempts + 1;
        if (!error.retryable || attempts >= this.options.maxAttempts) {
          await this.store.outbox.fail(op.id, done, error.code, error.message.slice(0, 500));
          this.metrics.inc('banbridge_router_ops_total', {
            router: this.name,
            op: op.op,
            result: 'failed',
          });
          this.log.error('router operation failed for good', {
            router: this.name,
            op: op.op,
            key: op.key,
            code: error.code,
            error: error.message,
            attempts,
          });
        } else {
          const delay = backoffDelay(attempts, this.options.retryBaseMs, this.options.retryMaxMs);
          await this.store.outbox.retry(
            op.id,
            done + delay,
            error.code,
            error.message.slice(0, 500),
          );
          this.metrics.inc('banbridge_router_ops_total', {
            router: this.name,
            op: op.op,
            result: 'retry',
          });
        }
      }
    });
    this.markUp();
  }

  private markUp(): void {
    if (this.downSince !== null) {
      this.log.info('router reachable again', {
        router: this.name,
        down_ms: this.now() - this.downSince,
      });
    }
    this.downSince = null;
    this.downAttempts = 0;
    this.state.state = 'connected';
    this.state.lastError = null;
    this.state.lastContactAt = this.now();
  }

  private markDown(error: unknown): void {
    const code = (error as { code?: string }).code ?? 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    if (this.downSince === null) {
      this.downSince = this.now();
      this.log.warn('router unavailable; operations stay queued', {
        router: this.name,
        code,
        error: message,
      });
    }
    this.downAttempts++;
    this.state.state = 'down';
    this.state.lastError = { code, message };
  }

  private async nextWait(): Promise<number> {
    if (this.downSince !== null) {
      return backoffDelay(this.downAttempts, this.options.retryBaseMs, this.options.retryMaxMs);
    }
    if (this.syncReason !== undefined) return 0;
    const now = this.now();
    const nextDue = await this.store.outbox.nextDueAt(this.name);
    const nextSync = (this.state.lastSyncAt ?? now) + this.options.syncIntervalMs;
    const nextProbe = this.lastProbe + (this.options.probeIntervalMs ?? 30_000);
    const candidates = [nextSync, nextProbe, now + 1000, ...(nextDue === null ? [] : [nextDue])];
    return Math.max(0, Math.min(...candidates) - now);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }
}
