import type { Config } from '../config/types.js';
import { parseDuration } from '../core/duration.js';
import type { RouterWorkerOptions } from '../worker/router-worker.js';

/** A router worker's tuning from config (the dry-run target gets the default interval). */
export function workerOptions(config: Config, router: string): RouterWorkerOptions {
  return {
    retryBaseMs: parseDuration(config.worker.retry_base, 'worker.retry_base'),
    retryMaxMs: parseDuration(config.worker.retry_max, 'worker.retry_max'),
    maxAttempts: config.worker.max_attempts,
    refreshBelowMs: parseDuration(config.worker.refresh_below, 'worker.refresh_below'),
    removalGuard: {
      enabled: config.worker.removal_guard.enabled,
      maxShare: config.worker.removal_guard.max_share,
      minOwned: config.worker.removal_guard.min_owned,
    },
    syncIntervalMs: parseDuration(
      config.routers.find((r) => r.name === router)?.sync_interval ?? '10m',
      'sync_interval',
    ),
  };
}
