import { describeStore, storeLocation } from '../../config/store-location.js';
import { copyStore } from '../../store/copy-store.js';
import { Store, type StoreLocation } from '../../store/store.js';
import { UsageError, text } from '../args.js';
import { type CommandHelp } from '../help-text.js';
import type { Command } from '../io.js';
import { withConfig } from '../with-config.js';

const USAGE = 'banbridge store copy --to URL_OR_PATH [--config FILE]';

const HELP: CommandHelp = {
  summary:
    'Copies the configured store into a new, empty one, SQLite file to PostgreSQL or back: ' +
    "bans, claims, offences, audit, outbox, router state and the rate limit's new-ban rows " +
    '(router leases and sync requests belong to running instances and are not copied). ' +
    "Prints and verifies each table's row count. Never writes to the source: a missing " +
    'source is STORE_MISSING and one an older banbridge wrote is STORE_OUTDATED, never ' +
    'created or upgraded. A target holding data is refused. Stop serve first, or writes ' +
    'made during the copy may be missed.',
  options: {
    to: {
      value: 'URL_OR_PATH',
      text: 'the target: a postgres:// URL, else a SQLite file path (created if missing)',
    },
  },
};

/** A postgres:// URL, or else a SQLite file path. */
export function parseTarget(to: string): StoreLocation {
  return /^postgres(ql)?:\/\//.test(to) ? { url: to } : { path: to };
}

/**
 * Copies the configured store (SQLite or PostgreSQL) into another, empty one: bans, claims,
 * offences, audit, outbox, router state and the rate limit's new-ban rows; prints and
 * verifies the row counts. The source is only read: a missing source, or one an older
 * banbridge wrote, is refused rather than created or upgraded. Stop `serve` first, or
 * writes made during the copy may be missed.
 */
export const storeCopyCommand: Command = async (args, io) => {
  const [sub, ...rest] = args;
  // `banbridge store --help` (and `banbridge help store`): copy is the only store command.
  if (sub === '--help' || sub === '-h') return storeCopyCommand(['copy', '--help'], io);
  if (sub !== 'copy')
    throw new UsageError(`unknown store command ${sub ?? '(none)'}\nusage: ${USAGE}`);
  return withConfig(
    rest,
    io,
    { usage: USAGE, options: { to: { type: 'string' } }, help: HELP },
    async (parsed, { config }) => {
      const to = text(parsed, 'to');
      if (to === undefined) throw new UsageError(`--to is required\nusage: ${USAGE}`);
      const source = storeLocation(config);
      const target = parseTarget(to);
      io.stdout(`copying ${describeStore(source)} → ${describeStore(target)}\n`);
      // As it is: a copy never creates, migrates or writes its source.
      const from = await Store.open(source, { create: false, upgrade: false });
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
