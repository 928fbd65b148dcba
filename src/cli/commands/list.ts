import { banView } from '../../http/ban-view.js';
import { parse } from '../args.js';
import type { Command } from '../io.js';
import { loadForCli } from '../load-for-cli.js';
import { openLocal } from '../open-local.js';

const USAGE = 'banbridge list [--all] [--json] [--config FILE]';

/** Lists active bans (or all with --all) as a table, or JSON lines with --json. */
export const listCommand: Command = async (args, io) => {
  const { values } = parse(
    args,
    { config: { type: 'string', short: 'c' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
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
    const { store } = local.pipeline;
    const now = Date.now();
    let after: string | undefined;
    let count = 0;
    if (values.json !== true)
      io.stdout(`${'KEY'.padEnd(34)} ${'EXPIRES'.padEnd(24)} ${'HITS'.padStart(5)}  SOURCES\n`);
    for (;;) {
      const page = store.bans.query({
        limit: 1000,
        ...(values.all === true ? {} : { active: true }),
        ...(after === undefined ? {} : { after }),
      });
      for (const row of page) {
        const view = banView(row, store.bans.claims(row.key), now);
        count++;
        if (values.json === true) io.stdout(`${JSON.stringify(view)}\n`);
        else {
          const expires = !view.active
            ? 'ended'
            : view.permanent
              ? 'permanent'
              : (view.expires_at ?? '');
          io.stdout(
            `${view.key.padEnd(34)} ${expires.padEnd(24)} ${String(view.hits).padStart(5)}  ${view.sources.join(',')}\n`,
          );
        }
      }
      if (page.length < 1000) break;
      after = page.at(-1)?.key;
    }
    if (values.json !== true) io.stdout(`${count} ban(s)\n`);
    return 0;
  } finally {
    local.close();
  }
};
