import { parse } from '../args.js';
import type { Command } from '../io.js';
import { loadForCli } from '../load-for-cli.js';
import { openLocal } from '../open-local.js';

const USAGE = 'banbridge status [--json] [--config FILE]';

/** Ban counts, outbox per router and state, last reconciliation per router (from the store). */
export const statusCommand: Command = async (args, io) => {
  const { values } = parse(
    args,
    { config: { type: 'string', short: 'c' }, json: { type: 'boolean' } },
    USAGE,
  );
  if (values.help === true) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const loaded = loadForCli(values.config, io);
  if (loaded === undefined) return 1;
  const local = await openLocal(loaded.config);
  try {
    const { store, routers } = local.pipeline;
    const bans = store.bans.counts();
    const outbox = store.outbox.counts();
    const states = store.routers.all();
    const perRouter = routers.map((name) => {
      const state = states.find((s) => s.router === name);
      const count = (st: string) => outbox.find((o) => o.router === name && o.state === st)?.n ?? 0;
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
      };
    });
    if (values.json === true) {
      io.stdout(`${JSON.stringify({ bans, routers: perRouter }, null, 2)}\n`);
      return 0;
    }
    io.stdout(
      `bans: ${bans.active} active (${bans.active_v4} IPv4, ${bans.active_v6} IPv6, ${bans.permanent} permanent), ${bans.total} ever\n`,
    );
    for (const r of perRouter) {
      io.stdout(
        `router ${r.router}: ${r.pending} pending, ${r.failed} failed, ${r.done} done; last sync ${r.last_sync_at ?? 'never'}${r.last_sync === null ? '' : ` ${JSON.stringify(r.last_sync)}`}\n`,
      );
    }
    return 0;
  } finally {
    local.close();
  }
};
