import type { Config } from '../config/types.js';
import type { Allowlist } from '../core/ip/index.js';
import type { Log } from '../core/logger.js';
import { RateLimiter } from '../core/policy/rate-limiter.js';
import type { PipelineContext } from '../pipeline/context.js';
import type { Store } from '../store/store.js';
import { addressJudge, banPolicy } from './build-policy.js';

/** The names router work is queued for: enabled routers, or the dry-run target. */
export function routerNames(config: Config): string[] {
  return config.routers.length === 0
    ? ['dry-run']
    : config.routers.filter((r) => r.enabled).map((r) => r.name);
}

export function buildPipeline(
  config: Config,
  store: Store,
  allowlist: () => Allowlist,
  log: Log,
  now: () => number,
  routers: readonly string[],
  onQueued: () => void,
): PipelineContext {
  return {
    store,
    judge: addressJudge(config.policy, allowlist),
    policy: banPolicy(config.policy),
    limiter: new RateLimiter(config.policy.max_new_bans_per_minute),
    maxActiveBans: config.policy.max_active_bans,
    routers,
    log,
    now,
    onQueued,
  };
}
