import { describeStore, storeLocation } from '../../config/store-location.js';
import { copyStore } from '../../store/copy-store.js';
import { Store, type StoreLocation } from '../../store/store.js';
import { UsageError, text } from '../args.js';
import type { Command } from '../io.js';
import { withConfig } from '../with-config.js';

const USAGE = 'banbridge store copy --to URL_OR_PATH [--config FILE]';

/** A postgres:// URL, or else a SQLite file path. */
export function parseTarget(to: string): StoreLocation {
  return /^postgres(ql)?:\/\//.test(to) ? { url: to } : { path: to };
}

/**
 * Copies the configured store (SQLite or PostgreSQL) into another, empty one: bans, claims,
 * offences, audit, outbox and router state; prints and verifies the row counts. The source
 * is only read. Stop `serve` first, or writes made during the copy may be missed.
 */
export const storeCopyCommand: Command = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub !== 'copy')
    throw new UsageError(`unknown store command ${sub ?? '(none)'}\nusage: ${USAGE}`);
  return withConfig(
    rest,
    io,
    { usage: USAGE, options: { to: { type: 'string' } } },
    async (parsed, { config }) => {
      const to = text(parsed, 'to');
      if (to === undefined) throw new UsageError(`--to is required\nusage: ${USAGE}`);
      const source = storeLocation(config);
      const target = parseTarget(to);
      io.stdout(`copying ${describeStore(source)} → ${describeStore(target)}\n`);
      const from = await Store.open(source);
      try {
        const into = await Store.open(target);
        try {
          const counts = await copyStore(from, into);
          for (const c of counts)
            io.stdout(`${c.table.padEnd(13)} ${c.source} copied, ${c.target} in target\n`);
          io.stdout('copy verified: every table has the same row count in both stores\n');
          return 0;
        } finally {
          await into.close();
        }
      } finally {
        await from.close();
      }
    },
  );
};
