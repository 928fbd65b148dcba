import type { Config } from '../config/types.js';
import type { Log } from '../core/logger.js';
import { DryRunTarget } from '../targets/dry-run/dry-run-target.js';
import { RouterOsTarget } from '../targets/routeros/routeros-target.js';
import type { Target } from '../targets/target.js';

/**
 * One Target per enabled router (the device is chosen by config, never by code). Without any
 * router configured, a single dry-run target records what would be written, so a fresh
 * setup can be tried safely.
 */
export function createTargets(config: Config, log: Log): Target[] {
  const enabled = config.routers.filter((r) => r.enabled);
  if (config.routers.length === 0) return [new DryRunTarget(log, { name: 'dry-run' })];
  // A list read holds every owned entry (≤ max_active_bans) plus the operator's own ones.
  const listMaxRows = 2 * config.policy.max_active_bans + 50_000;
  return enabled.map((router) => new RouterOsTarget(router, log, { listMaxRows }));
}
