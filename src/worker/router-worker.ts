import { BanbridgeError } from '../core/errors.js';
import type { Log } from '../core/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Store } from '../store/store.js';
import type { OpenSyncRequests } from '../store/sync-requests.js';
import type { Target } from '../targets/target.js';
import { applyOperations, type ApplyContext } from './apply-operations.js';
import {
  reconcileRouter,
  type ReconcileContext,
  type ReconcileSummary,
} from './reconcile-router.js';
import { heldRemovals, type RemovalGuardOptions } from './removal-guard.js';
import { RouterLink } from './router-link.js';
import type { WorkerStatus } from './status.js';
import { WakeableSleep } from './wakeable-sleep.js';

/**
 * How often a connected router's uptime is read. A router that reboots without closing our
 * connection (power cut, crash) is only noticed at the next command, and its dynamic entries
 * are gone until then: every 10 s bounds that gap (30 s before), for one cheap print.
 */
const PROBE_INTERVAL_MS = 10_000;

export interface RouterWorkerOptions {
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  syncIntervalMs: number;
  refreshBelowMs: number;
  /** The mass-removal guard (worker.removal_guard); on with the defaults when absent. */
  removalGuard?: RemovalGuardOptions;
  /** Operations taken per batch (one pipelined burst on the connection). */
  batchSize?: number;
  /** How often to look for `banbridge sync` requests and reboots (uptime going backwards). */
  probeIntervalMs?: number;
  /** The name `banbridge sync` requests are answered under (serve's instance); none: not answered. */
  instance?: string;
}

export const DEFAULT_REMOVAL_GUARD: RemovalGuardOptions = {
  enabled: true,
  maxShare: 0.2,
  minOwned: 20,
};

/** A store failure (not the router's): retried after this long, the router state untouched. */
const STORE_RETRY_MS = 1000;

/**
 * A sync request is answered with the router's error only after the router has been down this
 * long: a dropped session is back within a second (RECONNECT), and the reconcile after the
 * reconnect answers the request instead.
 */
const SYNC_DOWN_GRACE_MS = 3000;

/** The error of a router command refused because this instance no longer holds the lease. */
function isLeaseLost(error: unknown): boolean {
  return error instanceof BanbridgeError && error.code === 'LEASE_LOST';
}

/**
 * The loop of one router: probe, reconcile when due, apply queued operations, sleep. Each
 * router has its own worker, so a router that is down or slow never delays another. The
 * router's up/down state and reconnect timing are RouterLink's; reconciling is
 * reconcile-router.ts, applying and settling operations apply-operations.ts. Never removes
 * anything on shutdown.
 */
export class RouterWorker {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly sleeper = new WakeableSleep();
  private syncReason: string | undefined = 'start';
  private lastProbe = 0;
  /** The sync request (its upTo) a refused router was last tried at once for. */
  private refusedRetriedFor: number | undefined;
  private lastSyncAt: number | null = null;
  private lastSync: ReconcileSummary | null = null;
  private storeFailing = false;
  private pending = 0;
  private guard: WorkerStatus['guard'] = null;
  private readonly link = new RouterLink();
  private readonly reconcileContext: ReconcileContext;
  private readonly applyContext: ApplyContext;

  constructor(
    private readonly target: Target,
    private readonly store: Store,
    private readonly options: RouterWorkerOptions,
    private readonly log: Log,
    metrics: Metrics,
    private readonly now: () => number = Date.now,
  ) {
    const shared = { target, store, log, metrics, now };
    this.reconcileContext = {
      ...shared,
      refreshBelowMs: options.refreshBelowMs,
      guard: options.removalGuard ?? DEFAULT_REMOVAL_GUARD,
    };
    this.applyContext = {
      ...shared,
      retry: { baseMs: options.retryBaseMs, maxMs: options.retryMaxMs },
      maxAttempts: options.maxAttempts,
    };
    target.onReconnect(() => this.requestSync('reconnect'));
    target.onDisconnect(() => {
      this.link.dropped();
      this.wake();
    });
  }

  get name(): string {
    return this.target.name;
  }

  /** Fences every router command this worker sends (Target.fence): a lease's holder only. */
  fence(mayWrite: () => BanbridgeError | undefined): void {
    this.target.fence(mayWrite);
  }

  /** Ends the router session now: what is queued or in flight fails with `error`. */
  dropSession(error: BanbridgeError): Promise<void> {
    return this.target.drop(error);
  }

  /**
   * The state as of the last pass: the loop (or, on a standby instance, the lease keeper)
   * refreshes `pending` and the held removals after each one.
   */
  status(): WorkerStatus {
    return {
      router: this.name,
      state: this.link.state,
      lastError: this.link.lastError,
      lastContactAt: this.link.lastContactAt,
      lastSyncAt: this.lastSyncAt,
      lastSync: this.lastSync,
      pending: this.pending,
      guard: this.guard,
    };
  }

  /** The last sync remembered in the store, so status survives a restart. */
  private async loadSaved(): Promise<void> {
    const saved = await this.store.routers.get(this.name);
    this.lastSyncAt ??= saved.last_sync_at;
    if (this.lastSync === null && saved.last_sync_summary !== null) {
      this.lastSync = JSON.parse(saved.last_sync_summary) as ReconcileSummary;
    }
  }

  /** Re-reads the queued operation count and the held removals for status(). */
  async refreshPending(): Promise<void> {
    try {
      this.pending = await this.store.outbox.pending(this.name);
      this.guard = heldRemovals(await this.store.routers.get(this.name));
    } catch {
      // store unavailable: /readyz reports that; keep the last known state
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

  /**
   * New work is queued: at least one operation is pending until the next pass counts them.
   * Never an attempt by itself: a router that is down keeps its backoff.
   */
  wake(): void {
    if (this.running) this.pending = Math.max(this.pending, 1);
    this.sleeper.wake();
  }

  requestSync(reason: string): void {
    this.syncReason ??= reason;
    this.wake();
  }

  /**
   * Probes and reconciles once, now (for `banbridge sync`); throws when the router cannot be
   * reached. `allowRemovals` confirms removals the mass-removal guard would hold back.
   */
  async syncNow(
    reason = 'requested',
    options: { allowRemovals?: boolean } = {},
  ): Promise<ReconcileSummary> {
    await this.probe();
    await this.reconcile(reason, options.allowRemovals ?? false);
    return this.lastSync ?? {};
  }

  /** Stops after the current batch; router entries stay as they are. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    await this.loadSaved().catch(() => undefined);
    await this.refreshPending();
    while (this.running) {
      try {
        await this.step();
        this.storeOk();
      } catch (error) {
        if (isLeaseLost(error)) {
          // This instance is letting go of the router (lease-keeper.ts stops this loop):
          // nothing is wrong with the router, and whoever drives it now reports its state.
          // Wait rather than try again at once: every command would be refused the same way.
          await this.sleeper.sleep(STORE_RETRY_MS);
          continue;
        }
        // A trap outside a reconcile (no rights to /system/resource) is the router's too.
        if (error instanceof BanbridgeError && (error.connection || error.code === 'ROUTER_TRAP')) {
          this.routerDown(error);
          await this.answerWhileDown().catch(() => undefined);
        } else this.storeFailed(error);
      }
      await this.refreshPending();
      if (!this.running) break;
      await this.sleeper.sleep(await this.nextWait());
    }
  }

  /** One pass: (re)connect when needed, reconcile when due, then apply due operations. */
  private async step(): Promise<void> {
    const now = this.now();
    if (!this.link.mayAttempt(now) && !(await this.retryRefusedOnSync())) {
      // Down and backing off: a wake is not an attempt. A sync asked meanwhile is answered
      // now with why the router cannot be reached; it reconciles when it is back.
      await this.answerWhileDown();
      return;
    }
    const probeDue = now - this.lastProbe >= (this.options.probeIntervalMs ?? PROBE_INTERVAL_MS);
    if (this.link.mustProbe() || probeDue) await this.probe();
    const asked =
      this.options.instance === undefined ? null : await this.store.syncRequests.open(this.name);
    if (asked !== null) this.syncReason ??= 'requested';
    if (
      this.syncReason === undefined &&
      (this.lastSyncAt === null || now - this.lastSyncAt >= this.options.syncIntervalMs)
    ) {
      this.syncReason = 'interval';
    }
    if (this.syncReason !== undefined) await this.reconcileInLoop(this.syncReason, asked);
    for (let batches = 0; this.running && batches < 50; batches++) {
      const ops = await this.store.outbox.due(this.name, this.now(), this.options.batchSize ?? 256);
      if (ops.length === 0) break;
      const lost = await applyOperations(this.applyContext, ops);
      if (lost) throw lost;
      this.routerUp();
      if (this.syncReason !== undefined || this.link.mustProbe()) break;
    }
  }

  /** Reconciles; `asked`: the `banbridge sync` requests it answers (removals allowed if any asks). */
  private async reconcileInLoop(reason: string, asked: OpenSyncRequests | null): Promise<void> {
    try {
      await this.reconcile(reason, asked?.allowRemovals ?? false);
    } catch (error) {
      // A lost lease leaves the requests open: the instance that drives the router now
      // reconciles and answers them.
      if (asked !== null && !isLeaseLost(error)) {
        await this.answer(asked, error).catch(() => undefined);
      }
      if (!(error instanceof BanbridgeError) || error.connection) throw error;
      // The router answered but refused the read (e.g. no read rights on a list): queued
      // operations still go out; the next reconcile is tried at the next interval.
      this.syncReason = undefined;
      this.lastSyncAt = this.now();
      this.lastSync = { reason: 'failed', error: error.message };
      this.log.error('router reconciliation failed; operations are still applied', {
        router: this.name,
        code: error.code,
        error: error.message,
      });
      return;
    }
    if (asked !== null) await this.answer(asked, null);
  }

  /**
   * A router that refused the credentials or certificate is retried only every few minutes
   * (backoff.ts REFUSED): a sync asked meanwhile (after fixing them) tries once at once, so
   * its answer is the router's answer now. Once per request: a failed try is answered.
   */
  private async retryRefusedOnSync(): Promise<boolean> {
    if (!this.link.refused || this.options.instance === undefined) return false;
    const asked = await this.store.syncRequests.open(this.name);
    if (asked === null || asked.upTo === this.refusedRetriedFor) return false;
    this.refusedRetriedFor = asked.upTo;
    this.link.retryNow();
    return true;
  }

  /**
   * Answers open sync requests with the error that keeps the router down, once it has been
   * down for SYNC_DOWN_GRACE_MS. Not after this worker stopped (its lease may be another's).
   */
  private async answerWhileDown(): Promise<void> {
    const now = this.now();
    if (!this.running || this.options.instance === undefined) return;
    if (!this.link.downAtLeast(SYNC_DOWN_GRACE_MS, now)) return;
    const asked = await this.store.syncRequests.open(this.name);
    if (asked === null) return;
    const error = this.link.lastError ?? { code: 'ROUTER_UNREACHABLE', message: 'unreachable' };
    const retry = Math.ceil(this.link.msUntilAttempt(now) / 1000);
    await this.store.syncRequests.answer(this.name, asked.upTo, this.options.instance, {
      code: error.code,
      message:
        `${this.name} is unavailable (${error.message}); the next attempt is in ${retry} s, ` +
        'and it is reconciled as soon as it is back' +
        (asked.allowRemovals
          ? ', without removals: run banbridge sync --allow-removals again then'
          : ''),
    });
  }

  /** Answers the sync requests a reconcile covered: its summary, or its error. */
  private answer(asked: OpenSyncRequests, error: unknown): Promise<void> {
    const by = this.options.instance ?? '';
    return this.store.syncRequests.answer(
      this.name,
      asked.upTo,
      by,
      error === null
        ? { summary: this.lastSync ?? {} }
        : error instanceof BanbridgeError
          ? { code: error.code, message: error.message }
          : // not one of ours: its text stays in this instance's log
            { code: 'INTERNAL', message: `internal error; see the log of ${by}` },
    );
  }

  /** Reads uptime: succeeds → connected; uptime lower than last seen → the router rebooted. */
  private async probe(): Promise<void> {
    const uptime = await this.target.uptimeSeconds();
    this.lastProbe = this.now();
    this.routerUp();
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

  private async reconcile(reason: string, allowRemovals: boolean): Promise<void> {
    const summary = await reconcileRouter(this.reconcileContext, reason, allowRemovals);
    this.routerUp();
    this.syncReason = undefined;
    this.lastSyncAt = this.now();
    this.lastSync = summary;
  }

  private routerUp(): void {
    const downFor = this.link.up(this.now());
    if (downFor !== null) {
      this.log.info('router reachable again', { router: this.name, down_ms: downFor });
      this.syncReason ??= 'reconnect';
    }
  }

  private routerDown(error: BanbridgeError): void {
    if (this.link.down(error, this.now())) {
      this.log.warn('router unavailable; operations stay queued', {
        router: this.name,
        code: error.code,
        error: error.message,
      });
    }
  }

  private storeFailed(error: unknown): void {
    if (!this.storeFailing) {
      this.storeFailing = true;
      // Not the router: its state and backoff stay as they are.
      this.log.error('router worker could not use the store; retrying', {
        router: this.name,
        code: (error as { code?: string }).code ?? 'STORE_UNAVAILABLE',
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private storeOk(): void {
    if (this.storeFailing) {
      this.storeFailing = false;
      this.log.info('router worker can use the store again', { router: this.name });
    }
  }

  private async nextWait(): Promise<number> {
    const now = this.now();
    if (this.storeFailing) return STORE_RETRY_MS;
    if (this.link.state === 'down') return this.link.msUntilAttempt(now);
    if (this.syncReason !== undefined || this.link.mustProbe()) return 0;
    try {
      const nextDue = await this.store.outbox.nextDueAt(this.name);
      const nextSync = (this.lastSyncAt ?? now) + this.options.syncIntervalMs;
      const nextProbe = this.lastProbe + (this.options.probeIntervalMs ?? PROBE_INTERVAL_MS);
      const candidates = [nextSync, nextProbe, now + 1000, ...(nextDue === null ? [] : [nextDue])];
      return Math.max(0, Math.min(...candidates) - now);
    } catch {
      return STORE_RETRY_MS;
    }
  }
}
