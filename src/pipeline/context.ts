import type { Log } from '../core/logger.js';
import type { AddressJudge } from '../core/policy/judgement.js';
import type { BanPolicy } from '../core/policy/decide-ban.js';
import type { RateLimiter } from '../core/policy/rate-limiter.js';
import type { Store } from '../store/store.js';

/** Everything the report/withdraw/expire steps need; built once by the composition root. */
export interface PipelineContext {
  store: Store;
  judge: AddressJudge;
  policy: BanPolicy;
  limiter: RateLimiter;
  maxActiveBans: number;
  /** Names of the enabled routers: each ban decision is queued for every one of them. */
  routers: readonly string[];
  log: Log;
  now: () => number;
  /** Called after a commit that queued router work, to wake the worker. */
  onQueued: () => void;
}
