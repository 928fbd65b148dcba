import type { Config } from '../config/types.js';
import type { Log } from '../core/logger.js';
import type { PipelineContext } from '../pipeline/context.js';
import type { Metrics } from '../metrics/metrics.js';
import type { WorkerStatus } from '../worker/status.js';

/** What the HTTP layer is given by the composition root. */
export interface HttpDeps {
  config: Config;
  pipeline: PipelineContext;
  /** Parses an address/CIDR to its ban key without policy checks (lookups, unbans). */
  keyOf: (text: string) => { key: string; family: 4 | 6 };
  log: Log;
  metrics: Metrics;
  /** Live router status for /readyz and /v1/status (absent in tests without routers). */
  workerStatus: () => WorkerStatus[];
}
