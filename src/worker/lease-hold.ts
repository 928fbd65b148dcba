import { BanbridgeError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import type { Target } from '../targets/target.js';
import { DEFAULT_LEASE, renewLease, type LeaseOptions } from './lease-renewal.js';

/**
 * A router's lease held for one job outside `serve` (`banbridge sync`): taken once, renewed
 * while the job runs, released at the end, so a `serve` starting meanwhile waits for it. As
 * in LeaseKeeper, the hold gives up when no renewal succeeded in time (lease-renewal.ts):
 * `onLost` then stops the job's writes (closes the router connection) before the lease can
 * expire by the database clock and another instance takes over.
 */
export class LeaseHold {
  private timer: NodeJS.Timeout | undefined;
  private validUntil: number;
  private renewing = false;
  private lostReason: string | undefined;

  private constructor(
    private readonly store: Store,
    readonly router: string,
    readonly holder: string,
    private readonly options: LeaseOptions,
    private readonly onLost: (why: string) => void,
    validUntil: number,
  ) {
    this.validUntil = validUntil;
    this.timer = setInterval(() => void this.renew(), options.renewMs);
    this.timer.unref();
  }

  /** Takes the router's lease when it is free, expired or already `holder`'s; else undefined. */
  static async take(
    store: Store,
    router: string,
    holder: string,
    onLost: (why: string) => void,
    options: LeaseOptions = DEFAULT_LEASE,
  ): Promise<LeaseHold | undefined> {
    const validUntil = await renewLease(store, router, holder, options);
    if (validUntil === undefined) return undefined;
    return new LeaseHold(store, router, holder, options, onLost, validUntil);
  }

  /** Why the lease was lost while held (the job must not count as done); undefined: held. */
  lostBecause(): string | undefined {
    this.expireLocally();
    return this.lostReason;
  }

  /** Stops renewing and gives the lease up, so a waiting instance takes over at once. */
  async release(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.store.leases.release(this.router, this.holder).catch(() => undefined);
  }

  private async renew(): Promise<void> {
    if (this.expireLocally() || this.renewing) return;
    this.renewing = true;
    try {
      const validUntil = await renewLease(this.store, this.router, this.holder, this.options);
      if (validUntil !== undefined) this.validUntil = validUntil;
      else this.lose('another instance took its lease');
    } catch {
      // the store did not answer: keep trying until the lease may be running out
    } finally {
      this.renewing = false;
    }
    this.expireLocally();
  }

  /** True (and lost) once no renewal succeeded in time. */
  private expireLocally(): boolean {
    if (this.lostReason === undefined && performance.now() > this.validUntil) {
      this.lose('its lease could not be renewed');
    }
    return this.lostReason !== undefined;
  }

  private lose(why: string): void {
    if (this.lostReason !== undefined) return;
    this.lostReason = why;
    clearInterval(this.timer);
    this.timer = undefined;
    this.onLost(why);
  }
}

/**
 * Runs `job` while holding the router's lease (one writer per router, for a command outside
 * `serve`): undefined, and `job` not run, when another instance holds it. Every command to
 * the router is fenced by the hold (Target.fence: checked as it goes out, so a job stalled
 * past its lease sends nothing more), and losing the lease closes the router connection at
 * once; at the end the connection is closed before the lease is released, so the next
 * writer never overlaps. `job` checks `hold.lostBecause()` before it counts its work as done.
 */
export async function underLease<T>(
  store: Store,
  target: Target,
  holder: string,
  job: (hold: LeaseHold) => Promise<T>,
  options?: LeaseOptions,
): Promise<T | undefined> {
  const stop = () => target.close().catch(() => undefined);
  const hold = await LeaseHold.take(store, target.name, holder, () => void stop(), options);
  if (hold === undefined) return undefined;
  target.fence(() => {
    const lost = hold.lostBecause();
    return lost === undefined
      ? undefined
      : new BanbridgeError('LEASE_LOST', `${holder} lost router ${target.name}'s lease: ${lost}`);
  });
  try {
    return await job(hold);
  } finally {
    await stop();
    await hold.release();
  }
}
