import { BanbridgeError } from '../core/errors.js';
import type { Log } from '../core/logger.js';
import type { Store } from '../store/store.js';
import { DEFAULT_LEASE, renewLease, type LeaseOptions } from './lease-renewal.js';
import type { RouterWorker } from './router-worker.js';

interface Held {
  /** Local monotonic time after which we stop writing unless a renewal succeeded. */
  validUntil: number;
}

/**
 * Runs a router's worker only while this instance holds the router's lease (one writer per
 * router across every instance on the store). A worker stops when no renewal succeeded in
 * time (lease-renewal.ts), before the lease can expire and another instance take over, so
 * losing the database stops the writes too. A takeover starts with a full reconcile.
 */
export class LeaseKeeper {
  private readonly held = new Map<string, Held>();
  private readonly drivers = new Map<string, string | null>();
  /** Workers still finishing their batch after we let go: not restarted until done. */
  private readonly stopping = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private leasesFailing = false;

  constructor(
    private readonly store: Store,
    private readonly workers: readonly RouterWorker[],
    readonly instance: string,
    private readonly log: Log,
    private readonly options: LeaseOptions = DEFAULT_LEASE,
  ) {
    // Asked before every router command, not only when a batch starts: a batch under way
    // when the lease runs out (the process was paused, its database went quiet) stops at
    // its next command, even before any timer of ours has run again.
    for (const worker of workers) worker.fence(() => this.refusal(worker.name));
  }

  /** Undefined while this instance may write to the router; else why not (LEASE_LOST). */
  private refusal(router: string): BanbridgeError | undefined {
    const held = this.held.get(router);
    if (held !== undefined && performance.now() <= held.validUntil) return undefined;
    return new BanbridgeError(
      'LEASE_LOST',
      `${this.instance} does not hold router ${router}'s lease (not renewed in time, or ` +
        'another instance drives it): nothing more is written to it from here',
    );
  }

  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.renewMs);
    this.timer.unref();
  }

  /** Whether this instance drives the router, and which instance does (null: nobody). */
  driving(router: string): { driving: boolean; driver: string | null } {
    return {
      driving: this.held.has(router),
      driver: this.held.has(router) ? this.instance : (this.drivers.get(router) ?? null),
    };
  }

  /** Stops the workers, then gives the leases up so another instance takes over at once. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await Promise.all(this.workers.map((w) => w.stop()));
    for (const router of [...this.held.keys()]) {
      this.held.delete(router);
      await this.store.leases.release(router, this.instance).catch(() => undefined);
    }
  }

  private async tick(): Promise<void> {
    this.expireLocally();
    if (this.ticking) return;
    this.ticking = true;
    try {
      for (const worker of this.workers) {
        await this.renew(worker);
        // a running worker counts its own after each pass; keep standby counts current
        if (!this.held.has(worker.name)) await worker.refreshPending();
      }
      const all = await this.store.leases.all();
      this.drivers.clear();
      for (const row of all) this.drivers.set(row.router, row.live === 1 ? row.holder : null);
      if (this.leasesFailing) this.log.info('router leases readable again');
      this.leasesFailing = false;
    } catch (error) {
      // Once per outage, not on every tick (a second apart).
      if (!this.leasesFailing) {
        this.log.warn('router leases could not be read; routers stop when their lease runs out', {
          error: String(error),
        });
      }
      this.leasesFailing = true;
    } finally {
      this.ticking = false;
    }
    this.expireLocally();
  }

  private async renew(worker: RouterWorker): Promise<void> {
    if (this.stopping.has(worker.name)) return;
    const validUntil = await renewLease(this.store, worker.name, this.instance, this.options);
    if (validUntil !== undefined) {
      const wasHeld = this.held.has(worker.name);
      this.held.set(worker.name, { validUntil });
      if (!wasHeld) {
        this.log.info('driving router (lease taken)', {
          router: worker.name,
          instance: this.instance,
        });
        worker.requestSync('takeover');
        worker.start();
      }
    } else if (this.held.has(worker.name)) {
      this.letGo(worker, 'another instance holds its lease');
    }
  }

  /** Stops every worker whose lease may be running out (no renewal succeeded in time). */
  private expireLocally(): void {
    const now = performance.now();
    for (const worker of this.workers) {
      const held = this.held.get(worker.name);
      if (held !== undefined && now > held.validUntil) {
        this.letGo(worker, 'its lease could not be renewed');
      }
    }
  }

  private letGo(worker: RouterWorker, why: string): void {
    this.held.delete(worker.name);
    this.log.warn(`stopped driving router: ${why}`, { router: worker.name });
    // Commands already queued for the router fail now, rather than go out one by one as
    // the router answers the ones before them.
    void worker.dropSession(this.refusal(worker.name) as BanbridgeError).catch(() => undefined);
    const stopped = worker.stop().finally(() => this.stopping.delete(worker.name));
    this.stopping.set(worker.name, stopped);
  }
}
