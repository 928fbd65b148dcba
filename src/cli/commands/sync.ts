import { parseDuration } from '../../core/duration.js';
import { Metrics } from '../../metrics/metrics.js';
import { createTargets } from '../../main/create-targets.js';
import { RouterWorker } from '../../worker/router-worker.js';
import { parse } from '../args.js';
import type { Command } from '../io.js';
import { loadForCli } from '../load-for-cli.js';
import { openLocal } from '../open-local.js';

const USAGE = 'banbridge sync [--router NAME] [--config FILE]';

/** Reconciles each router (or one) with the ban database now, and prints what changed. */
export const syncCommand: Command = async (args, io) => {
  const { values } = parse(
    args,
    { config: { type: 'string', short: 'c' }, router: { type: 'string' } },
    USAGE,
  );
  if (values.help === true) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const loaded = loadForCli(values.config, io);
  if (loaded === undefined) return 1;
  const { config } = loaded;
  const targets = createTargets(config, console).filter(
    (t) => values.router === undefined || t.name === values.router,
  );
  if (targets.length === 0) {
    io.stderr(
      `no enabled router named ${values.router ?? ''}; routers: ${config.routers.map((r) => r.name).join(', ') || '(none)'}\n`,
    );
    return 1;
  }
  const local = await openLocal(config);
  let failed = 0;
  try {
    for (const target of targets) {
      const routerConfig = config.routers.find((r) => r.name === target.name);
      const worker = new RouterWorker(
        target,
        local.pipeline.store,
        {
          retryBaseMs: parseDuration(config.worker.retry_base, 'worker.retry_base'),
          retryMaxMs: parseDuration(config.worker.retry_max, 'worker.retry_max'),
          maxAttempts: config.worker.max_attempts,
          refreshBelowMs: parseDuration(config.worker.refresh_below, 'worker.refresh_below'),
          syncIntervalMs: parseDuration(routerConfig?.sync_interval ?? '10m', 'sync_interval'),
        },
        {
          error: () => undefined,
          warn: () => undefined,
          info: () => undefined,
          debug: () => undefined,
        },
        new Metrics(),
      );
      try {
        const summary = await worker.syncNow('cli');
        io.stdout(`${target.name}: ${JSON.stringify(summary)}\n`);
      } catch (error) {
        failed++;
        const code = (error as { code?: string }).code ?? 'ERROR';
        io.stderr(`${target.name}: sync failed ${code}: ${(error as Error).message}\n`);
      } finally {
        await target.close();
      }
    }
  } finally {
    local.close();
  }
  return failed === 0 ? 0 : 1;
};
