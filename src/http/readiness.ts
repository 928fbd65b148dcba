import type { Log } from '../core/logger.js';

/**
 * Remembers the last readiness verdict and logs only its changes, at warn (not ready) and
 * info (ready again) level: a load balancer probing every second must not fill the log, and
 * not being ready is a state to watch, not an error of banbridge's.
 */
export class ReadinessLog {
  private last: string | undefined = 'ready';

  constructor(private readonly log: Log) {}

  /** `problem`: undefined when ready, else what keeps banbridge from being ready. */
  observe(problem: string | undefined): void {
    const now = problem ?? 'ready';
    if (now === this.last) return;
    this.last = now;
    if (problem === undefined) this.log.info('ready again');
    else this.log.warn('not ready', { reason: problem });
  }
}
