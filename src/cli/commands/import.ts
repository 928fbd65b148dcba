import { silentLog } from '../../core/logger.js';
import { createTargets } from '../../main/create-targets.js';
import { instanceName } from '../../main/instance-name.js';
import { importEntries } from '../../pipeline/import-entries.js';
import { flag, text, UsageError } from '../args.js';
import type { Command } from '../io.js';
import { underLease } from '../../worker/lease-hold.js';
import { openLocal } from '../open-local.js';
import { withConfig } from '../with-config.js';

const USAGE = 'banbridge import --router NAME [--dry-run] [--config FILE]';

/**
 * Adopts the entries already in a router's lists into the ban database (source `import`)
 * and marks them as banbridge's (comment `banbridge import: <old comment>`), so that from
 * now on they are reconciled like any ban. Refused ones are listed and left untouched.
 */
export const importCommand: Command = (args, io) =>
  withConfig(
    args,
    io,
    {
      usage: USAGE,
      options: { router: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      help: {
        summary:
          "Adopts the entries already in a router's address lists as bans (source import/NAME) " +
          'after the same policy as any report; reserved and allowlisted entries are listed and ' +
          'left untouched. An entry with a timeout becomes a ban ending with it.',
        options: {
          router: { value: 'NAME', text: 'the router (routers[].name) to read (required)' },
          'dry-run': { text: 'only show what would be imported or skipped' },
        },
      },
    },
    async (parsed, { config }) => {
      const router = text(parsed, 'router');
      if (router === undefined) throw new UsageError(`--router is required\nusage: ${USAGE}`);
      const target = createTargets(config, silentLog).find((t) => t.name === router);
      if (target === undefined) {
        io.stderr(`no enabled router named ${router}\n`);
        return 1;
      }
      const local = await openLocal(config, undefined, { create: true });
      try {
        if (flag(parsed, 'dry-run')) {
          for (const e of (await target.list()).filter((entry) => !entry.owned)) {
            const j = local.pipeline.judge(e.key);
            io.stdout(`${e.key}: ${j.ok ? 'would import' : `would skip ${j.code}`}\n`);
          }
          return 0;
        }
        // One writer per router: import marks entries on the router, so it runs under the
        // router's lease, like `banbridge sync`; while an instance drives the router it stops.
        const store = local.pipeline.store;
        const code = await underLease(store, target, `import@${instanceName()}`, async (hold) => {
          const entries = await target.list();
          const foreign = entries.filter((e) => !e.owned);
          const outcomes = await importEntries(local.pipeline, target.name, foreign);
          const imported = outcomes.filter((o) => o.outcome === 'imported');
          const results = await target.refresh(
            imported.map((o) => ({
              id: o.entry.id,
              family: o.entry.family,
              entry: {
                key: o.ban?.key ?? o.entry.key,
                family: o.entry.family,
                comment: `banbridge import: ${o.entry.comment}`.trimEnd(),
                expiresAt: o.ban?.expiresAt ?? null,
              },
            })),
          );
          for (const o of outcomes) {
            if (o.outcome === 'skipped')
              io.stdout(`${o.entry.key}: skipped ${o.code ?? ''} ${o.message ?? ''}\n`);
          }
          const marked = results.filter((r) => r.ok).length;
          io.stdout(
            `${target.name}: ${entries.length} entries read, ${imported.length} imported (${marked} marked as banbridge's), ${outcomes.length - imported.length} skipped, ${entries.length - foreign.length} already banbridge's\n`,
          );
          const lost = hold.lostBecause();
          if (lost !== undefined) {
            io.stderr(`banbridge import: stopped, the router's lease was lost: ${lost}\n`);
            return 1;
          }
          return marked === imported.length ? 0 : 1;
        });
        if (code !== undefined) return code;
        const lease = await store.leases.live(target.name);
        const until =
          lease === undefined ? '' : ` (lease until ${new Date(lease.expires_at).toISOString()})`;
        io.stderr(
          `banbridge import: LEASE_HELD: ${target.name} is driven by ${lease?.holder ?? 'another instance'}${until}; ` +
            'import writes to the router, so stop that instance and run it again. Nothing was imported\n',
        );
        return 1;
      } finally {
        await target.close();
        await local.close();
      }
    },
  );
