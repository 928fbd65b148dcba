import { storeLocation } from '../config/store-location.js';
import type { Config } from '../config/types.js';
import { silentLog, type Log } from '../core/logger.js';
import { allowlistResolver } from '../main/allowlist-resolver.js';
import { buildPipeline, routerNames } from '../main/build-pipeline.js';
import type { PipelineContext } from '../pipeline/context.js';
import { Store } from '../store/store.js';

/**
 * The operator commands act on the same store as a running `serve` (SQLite: WAL and a busy
 * timeout make that safe; PostgreSQL: one more client); router work they queue is picked up
 * by serve's worker within a second. Only commands that record something pass `create: true`: a read-only command on a
 * missing file is STORE_MISSING, never a new empty store that hides the real one.
 */
export async function openLocal(
  config: Config,
  log: Log = silentLog,
  options: { create?: boolean } = {},
): Promise<{ pipeline: PipelineContext; close(): Promise<void> }> {
  const store = await Store.open(storeLocation(config), { create: options.create ?? false });
  const resolver = allowlistResolver(config, log);
  await resolver.refresh();
  const pipeline = buildPipeline(
    config,
    store,
    () => resolver.allowlist,
    log,
    Date.now,
    routerNames(config),
    // A running serve polls every second; on PostgreSQL, NOTIFY wakes it at once.
    () => void store.notifyQueued().catch(() => undefined),
  );
  return { pipeline, close: () => store.close() };
}
