import { routerStatusView } from '../../http/router-status-view.js';
import { flag } from '../args.js';
import type { Command } from '../io.js';
import { fetchLiveStatus } from '../live-status.js';
import { openLocal } from '../open-local.js';
import { formatTable } from '../table.js';
import { withConfig } from '../with-config.js';

/**
 * Ban counts and one row per router: state (connected, down, guarded — live from the running
 * serve's /readyz — or unknown when no serve answers), pending and failed operations, and the
 * last reconciliation with its reason, read from the store exactly as GET /v1/status does.
 */
export const statusCommand: Command = (args, io) =>
  withConfig(
    args,
    io,
    {
      usage: 'banbridge status [--json] [--config FILE]',
      options: { json: { type: 'boolean' } },
      help: {
        summary:
          'Shows ban counts and, per router, its state (connected, down, guarded: the mass-removal ' +
          'guard holds removals back; unknown: no serve answered on listen.host:port), pending ' +
          'and failed operations, and the last reconciliation and its reason. Reads the store; ' +
          'never creates one.',
        options: {
          json: { text: 'print one JSON object (the same router fields as GET /v1/status)' },
        },
      },
    },
    async (parsed, { config }) => {
      const local = await openLocal(config);
      try {
        const { store, routers } = local.pipeline;
        const bans = await store.bans.counts();
        const outbox = await store.outbox.counts();
        const stored = await store.routers.all();
        const leases = await store.leases.all();
        const live = await fetchLiveStatus(config);
        const views = routers.map((name) =>
          routerStatusView(
            name,
            stored.find((s) => s.router === name),
            outbox,
            live?.get(name),
            leases.find((l) => l.router === name && l.live === 1)?.holder ?? null,
          ),
        );
        if (flag(parsed, 'json')) {
          io.stdout(
            `${JSON.stringify({ bans, serve_answered: live !== undefined, routers: views }, null, 2)}\n`,
          );
          return 0;
        }
        io.stdout(
          `bans: ${bans.active} active (${bans.active_v4} IPv4, ${bans.active_v6} IPv6, ${bans.permanent} permanent), ${bans.total} ever\n`,
        );
        if (live === undefined) {
          io.stdout(
            `serve: not answering on ${config.listen.host}:${config.listen.port}; router state unknown\n`,
          );
        }
        io.stdout('\n');
        io.stdout(
          formatTable(
            ['ROUTER', 'STATE', 'PENDING', 'FAILED', 'LAST SYNC', 'REASON', 'ERROR', 'DRIVEN BY'],
            views.map((v) => [
              v.name,
              v.guard === null ? v.state : `guarded (${v.guard.held} held)`,
              String(v.pending),
              String(v.failed),
              v.last_sync_at ?? 'never',
              v.last_sync_reason ?? '-',
              v.last_error?.code ?? '-',
              v.driven_by ?? '-',
            ]),
            ['PENDING', 'FAILED'],
          ),
        );
        for (const v of views) {
          if (v.guard === null) continue;
          io.stdout(
            `${v.name}: REMOVALS HELD since ${v.guard.since}: ${v.guard.held} of ${v.guard.owned} banbridge entries (${v.guard.reason}); check, then: banbridge sync --router ${v.name} --allow-removals\n`,
          );
        }
        return 0;
      } finally {
        await local.close();
      }
    },
  );
