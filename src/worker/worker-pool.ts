import type { Log } from '../core/logger.js';
import type { PipelineContext } from '../pipeline/context.js';
import { EXPIRE_BATCH, expireDue } from '../pipeline/expire.js';
import type { LeaseKeeper } from './lease-keeper.js';
import type { RouterWorker } from './router-worker.js';
import type { WorkerStatus } from './status.js';

const DAY = 86_400_000;

/**
 * Runs one RouterWorker per router plus the expiry sweep (bans whose time ran out are ended
 * and their removal queued) and a daily purge of finished outbox rows older than a week and
 * of audit rows older than store.audit_retention.
 */
export class WorkerPool {
  private timer: NodeJS.Timeout | undefined;
  private lastPurge = 0;

  constructor(
    private readonly workers: readonly RouterWorker[],
    private readonly pipeline: PipelineContext,
    private readonly log: Log,
    private readonly auditRetentionMs: number,
    private readonly sweepIntervalMs = 5_000,
    /** With leases, a worker runs only while this instance drives its router. */
    private readonly leases?: LeaseKeeper,
  ) {}

  start(): void {
    if (this.leases === undefined) for (const worker of this.workers) worker.start();
    else this.leases.start();
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.sweepIntervalMs);
    this.timer.unref();
  }

  wake(): void {
    for (const worker of this.workers) worker.wake();
  }

  requestSync(router?: string): string[] {
    const chosen = this.workers.filter((w) => router === undefined || w.name === router);
    for (const worker of chosen) worker.requestSync('requested');
    return chosen.map((w) => w.name);
  }

  status(): WorkerStatus[] {
    return this.workers.map((w) => ({
      ...w.status(),
      ...(this.leases === undefined ? {} : this.leases.driving(w.name)),
    }));
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.sweeping;
    await Promise.all(this.workers.map((w) => w.stop()));
    await this.leases?.stop();
  }

  private sweeping: Promise<void> | undefined;

  private sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    try {
      while ((await expireDue(this.pipeline)) === EXPIRE_BATCH) {
        /* keep going in batches */
      }
      const now = this.pipeline.now();
      if (now - this.lastPurge > DAY) {
        this.lastPurge = now;
        const ops = await this.pipeline.store.outbox.purgeFinished(now - 7 * DAY);
        const audit = await this.pipeline.store.audit.purgeBefore(now - this.auditRetentionMs);
        if (ops + audit > 0) this.log.info('purged old rows', { outbox: ops, audit });
      }
    } catch (error) {
      this.log.error('expiry sweep failed; will retry', { error: String(error) });
    }
  }
}
