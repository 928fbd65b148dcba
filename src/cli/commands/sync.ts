import { parseDuration } from '../../core/duration.js';
import { silentLog } from '../../core/logger.js';
import { Metrics } from '../../metrics/metrics.js';
import { createTargets } from '../../main/create-targets.js';
import { instanceName } from '../../main/instance-name.js';
import { workerOptions } from '../../main/worker-options.js';
import { heldRemovals } from '../../worker/removal-guard.js';
import { RouterWorker } from '../../worker/router-worker.js';
import { flag, text, UsageError } from '../args.js';
import type { Command } from '../io.js';
import { openLocal } from '../open-local.js';
import { syncRouter } from '../sync/sync-router.js';
import { withConfig } from '../with-config.js';

const USAGE = 'banbridge sync [--router NAME] [--allow-removals] [--wait DURATION] [--config FILE]';

/**
 * Reconciles each router (or one) with the ban database now, and prints what changed, with
 * one writer per router: a router another instance drives (holds its lease) is reconciled by
 * that instance on request; otherwise this command takes the lease and reconciles it itself.
 * `--allow-removals` confirms removals the mass-removal guard held back (worker/removal-guard.ts).
 */
export const syncCommand: Command = (args, io) =>
  withConfig(
    args,
    io,
    {
      usage: USAGE,
      options: {
        router: { type: 'string' },
        'allow-removals': { type: 'boolean' },
        wait: { type: 'string' },
      },
      help: {
        summary:
          'Reconciles each enabled router (or one) with the ban database now and prints what ' +
          'changed: missing entries are added, stale ones removed. A mass removal is held ' +
          'back by the removal guard until confirmed with --allow-removals. One writer per ' +
          'router: when a running serve drives the router (holds its lease), this command ' +
          'writes nothing itself; it asks that instance to reconcile now (--allow-removals ' +
          'included), waits for its answer and prints its summary and name; no answer within ' +
          '--wait is exit 1 (SYNC_NOT_ANSWERED, naming that instance and when its lease ends). ' +
          'Otherwise it takes the lease for the length of the sync, so a serve starting ' +
          'meanwhile waits.',
        options: {
          router: { value: 'NAME', text: 'only this router (default: every enabled router)' },
          'allow-removals': {
            text: 'confirm the removals the mass-removal guard held back',
          },
          wait: {
            value: 'DURATION',
            text: 'how long to wait for the instance that drives a router (default: 60s)',
          },
        },
      },
    },
    async (parsed, { config }) => {
      const wanted = text(parsed, 'router');
      const allowRemovals = flag(parsed, 'allow-removals');
      let waitMs: number;
      try {
        waitMs = parseDuration(text(parsed, 'wait') ?? '60s', '--wait');
      } catch (error) {
        throw new UsageError(`${(error as Error).message}\nusage: ${USAGE}`);
      }
      const targets = createTargets(config, silentLog).filter(
        (t) => wanted === undefined || t.name === wanted,
      );
      if (targets.length === 0) {
        const names = config.routers.map((r) => r.name).join(', ') || '(none)';
        io.stderr(`no enabled router named ${wanted ?? ''}; routers: ${names}\n`);
        return 1;
      }
      const local = await openLocal(config);
      const store = local.pipeline.store;
      const me = `sync@${instanceName()}`;
      let failed = 0;
      try {
        for (const target of targets) {
          try {
            const result = await syncRouter(store, target, {
              allowRemovals,
              waitMs,
              me,
              progress: (line) => io.stderr(`${line}\n`),
              worker: () =>
                new RouterWorker(
                  target,
                  store,
                  workerOptions(config, target.name),
                  silentLog,
                  new Metrics(),
                ),
            });
            const who = result.here
              ? `this command (${result.by}; no instance drove the router)`
              : `${result.by} (the instance that drives it)`;
            if (!result.ok) {
              failed++;
              io.stderr(
                `${target.name}: sync failed ${result.code}: ${result.message} (by ${who})\n`,
              );
              continue;
            }
            io.stdout(`${target.name}: ${JSON.stringify(result.summary)}\n`);
            io.stdout(`${target.name}: reconciled by ${who}\n`);
            const guard = heldRemovals(await store.routers.get(target.name));
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
