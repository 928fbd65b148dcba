import { heldRemovals } from '../../worker/removal-guard.js';
import { flag } from '../args.js';
import type { Command } from '../io.js';
import { openLocal } from '../open-local.js';
import { withConfig } from '../with-config.js';

/** Ban counts, outbox per router and state, last reconciliation per router (from the store). */
export const statusCommand: Command = (args, io) =>
  withConfig(
    args,
    io,
    { usage: 'banbridge status [--json] [--config FILE]', options: { json: { type: 'boolean' } } },
    async (parsed, { config }) => {
      const local = await openLocal(config);
      try {
        const { store, routers } = local.pipeline;
        const bans = store.bans.counts();
        const outbox = store.outbox.counts();
        const states = store.routers.all();
        const perRouter = routers.map((name) => {
          const state = states.find((s) => s.router === name);
          const count = (st: string) =>
            outbox.find((o) => o.router === name && o.state === st)?.n ?? 0;
          return {
            router: name,
            pending: count('pending'),
            failed: count('failed'),
            done: count('done'),
            last_sync_at:
              state?.last_sync_at == null ? null : new Date(state.last_sync_at).toISOString(),
            last_sync:
              state?.last_sync_summary == null
                ? null
                : (JSON.parse(state.last_sync_summary) as unknown),
            guard: guardView(state === undefined ? null : heldRemovals(state)),
          };
        });
        if (flag(parsed, 'json')) {
          io.stdout(`${JSON.stringify({ bans, routers: perRouter }, null, 2)}\n`);
          return 0;
        }
        io.stdout(
          `bans: ${bans.active} active (${bans.active_v4} IPv4, ${bans.active_v6} IPv6, ${bans.permanent} permanent), ${bans.total} ever\n`,
        );
        for (const r of perRouter) {
          const sync = r.last_sync === null ? '' : ` ${JSON.stringify(r.last_sync)}`;
          io.stdout(
            `router ${r.router}: ${r.pending} pending, ${r.failed} failed, ${r.done} done; last sync ${r.last_sync_at ?? 'never'}${sync}\n`,
          );
          if (r.guard !== null) {
            io.stdout(
              `  REMOVALS HELD since ${r.guard.since}: ${r.guard.held} of ${r.guard.owned} banbridge entries (${r.guard.reason}); check, then: banbridge sync --router ${r.router} --allow-removals\n`,
            );
          }
        }
        return 0;
      } finally {
        local.close();
      }
    },
  );

function guardView(guard: ReturnType<typeof heldRemovals>) {
  return guard === null ? null : { ...guard, since: new Date(guard.since).toISOString() };
}
