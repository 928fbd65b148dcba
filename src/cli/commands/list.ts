import { banView } from '../../http/ban-view.js';
import { flag } from '../args.js';
import type { Command } from '../io.js';
import { openLocal } from '../open-local.js';
import { singleLine } from '../table.js';
import { withConfig } from '../with-config.js';

const PAGE = 1000;

/** Lists active bans (or all with --all) as a table with sources and reason, or JSON lines. */
export const listCommand: Command = (args, io) =>
  withConfig(
    args,
    io,
    {
      usage: 'banbridge list [--all] [--json] [--config FILE]',
      options: { all: { type: 'boolean' }, json: { type: 'boolean' } },
      help: {
        summary:
          'Lists active bans: key, expiry, hits, the sources that claim each ban and its reason. ' +
          'Reads the store; never creates one.',
        options: {
          all: { text: 'also list ended bans (expired, lifted, allowlisted)' },
          json: { text: 'print one JSON object per ban (the GET /v1/bans fields)' },
        },
      },
    },
    async (parsed, { config }) => {
      const json = flag(parsed, 'json');
      const local = await openLocal(config);
      try {
        const { store } = local.pipeline;
        const now = Date.now();
        let after: string | undefined;
        let count = 0;
        if (!json)
          io.stdout(
            `${'KEY'.padEnd(34)} ${'EXPIRES'.padEnd(24)} ${'HITS'.padStart(5)}  ${'SOURCES'.padEnd(24)}  REASON\n`,
          );
        for (;;) {
          const page = await store.bans.query({
            limit: PAGE,
            ...(flag(parsed, 'all') ? {} : { active: true }),
            ...(after === undefined ? {} : { after }),
          });
          for (const row of page) {
            const view = banView(row, await store.bans.claims(row.key), now);
            count++;
            if (json) {
              io.stdout(`${JSON.stringify(view)}\n`);
              continue;
            }
            const expires = !view.active
              ? 'ended'
              : view.permanent
                ? 'permanent'
                : (view.expires_at ?? '');
            io.stdout(
              `${view.key.padEnd(34)} ${expires.padEnd(24)} ${String(view.hits).padStart(5)}  ${(view.sources.join(',') || '-').padEnd(24)}  ${singleLine(view.reason, 80) || '-'}\n`,
            );
          }
          if (page.length < PAGE) break;
          after = page.at(-1)?.key;
        }
        if (!json) io.stdout(`${count} ban(s)\n`);
        return 0;
      } finally {
        await local.close();
      }
    },
  );
