import { silentLog } from '../../core/logger.js';
import { Metrics } from '../../metrics/metrics.js';
import { createTargets } from '../../main/create-targets.js';
import { workerOptions } from '../../main/worker-options.js';
import { RouterWorker } from '../../worker/router-worker.js';
import { flag, text } from '../args.js';
import type { Command } from '../io.js';
import { openLocal } from '../open-local.js';
import { withConfig } from '../with-config.js';

/**
 * Reconciles each router (or one) with the ban database now, and prints what changed.
 * `--allow-removals` confirms removals the mass-removal guard held back (worker/removal-guard.ts).
 */
export const syncCommand: Command = (args, io) =>
  withConfig(
    args,
    io,
    {
      usage: 'banbridge sync [--router NAME] [--allow-removals] [--config FILE]',
      options: { router: { type: 'string' }, 'allow-removals': { type: 'boolean' } },
      help: {
        summary:
          'Reconciles each enabled router (or one) with the ban database now and prints what ' +
          'changed: missing entries are added, stale ones removed. A mass removal is held ' +
          'back by the removal guard until confirmed with --allow-removals.',
        options: {
          router: { value: 'NAME', text: 'only this router (default: every enabled router)' },
          'allow-removals': {
            text: 'confirm the removals the mass-removal guard held back',
          },
        },
      },
    },
    async (parsed, { config }) => {
      const wanted = text(parsed, 'router');
      const allowRemovals = flag(parsed, 'allow-removals');
      const targets = createTargets(config, silentLog).filter(
        (t) => wanted === undefined || t.name === wanted,
      );
      if (targets.length === 0) {
        const names = config.routers.map((r) => r.name).join(', ') || '(none)';
        io.stderr(`no enabled router named ${wanted ?? ''}; routers: ${names}\n`);
        return 1;
      }
      const local = await openLocal(config);
      let failed = 0;
      try {
        for (const target of targets) {
          const worker = new RouterWorker(
            target,
            local.pipeline.store,
            workerOptions(config, target.name),
            silentLog,
            new Metrics(),
          );
          try {
            const summary = await worker.syncNow('cli', { allowRemovals });
            io.stdout(`${target.name}: ${JSON.stringify(summary)}\n`);
            const guard = worker.status().guard;
            if (guard !== null) {
              io.stderr(
                `${target.name}: ${guard.held} of ${guard.owned} banbridge entries NOT removed (${guard.reason}); if that is intended run: banbridge sync --router ${target.name} --allow-removals\n`,
              );
            }
          } catch (error) {
            failed++;
            const code = (error as { code?: string }).code ?? 'ERROR';
            io.stderr(`${target.name}: sync failed ${code}: ${(error as Error).message}\n`);
          } finally {
            await target.close();
          }
        }
      } finally {
        await local.close();
      }
      return failed === 0 ? 0 : 1;
    },
  );
