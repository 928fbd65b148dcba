import { BanbridgeError } from '../../core/errors.js';
import { describeStore, storeLocation } from '../../config/store-location.js';
import { copyStore, refuseLiveSource } from '../../store/copy-store.js';
import { checkCopyTarget } from '../../store/copy-target.js';
import { acquireServeLock, type ServeLock } from '../../store/serve-lock.js';
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
    'created or upgraded. A target holding data is refused; the copy is one transaction of ' +
    'the target, so a failed or interrupted one leaves it empty. Stop every serve on the ' +
    'source first: one that holds its SQLite serve lock or a router lease is refused ' +
    '(STORE_LOCKED).',
  options: {
    to: {
      value: 'URL_OR_PATH',
      text: 'the target: a postgres:// URL, else a SQLite file path (created if missing)',
    },
  },
};

/**
 * A postgres:// (or postgresql://) URL, the scheme in any case as URLs allow, or else a
 * SQLite file path. What looks like a mistyped URL is refused rather than taken for a path:
 * `postgres//user:secret@host/db` would become directories named after the password.
 */
export function parseTarget(to: string): StoreLocation {
  if (/^postgres(ql)?:\/\//i.test(to)) return { url: to };
  if (to === '' || to === ':memory:') {
    throw new UsageError(`--to needs a postgres:// URL or a SQLite file path, not "${to}"`);
  }
  if (to.includes('://') || /^postgres/i.test(to)) {
    throw new UsageError(
      '--to looks like a URL but is not postgres://user:password@host:port/db; ' +
        'check the scheme (a SQLite target is a file path)',
    );
  }
  return { path: to };
}

/**
 * The source's serve lock, so that no serve starts while it is read; STORE_LOCKED while one
 * runs. A lock file this user cannot create (a read-only copy of a store) guards nothing,
 * and the copy goes on without it.
 */
function sourceLock(path: string): ServeLock | undefined {
  try {
    return acquireServeLock(path);
  } catch (error) {
    if (error instanceof BanbridgeError && error.code === 'STORE_LOCKED') throw error;
    return undefined;
  }
}

/**
 * A store that cannot be reached says which one it is: a copy has two (never its URL's
 * password: describeStore redacts it).
 */
async function which<T>(role: string, where: StoreLocation, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof BanbridgeError && error.code === 'STORE_UNAVAILABLE') {
      throw new BanbridgeError(error.code, `${role} ${describeStore(where)}: ${error.message}`, {
        cause: error,
        retryable: error.retryable,
      });
    }
    throw error;
  }
}

/** Progress lines on a long table: every this many rows. */
const PROGRESS_EVERY = 20_000;

/**
 * Copies the configured store (SQLite or PostgreSQL) into another, empty one: bans, claims,
 * offences, audit, outbox, router state and the rate limit's new-ban rows; prints and
 * verifies the row counts. The source is only read: a missing source, or one an older
 * banbridge wrote, is refused rather than created or upgraded, and so is a source a
 * `serve` still uses.
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
      const from = await which('source', source, () =>
        Store.open(source, { create: false, upgrade: false }),
      );
      // No serve may start on a SQLite source while it is read (copyStore refuses one that
      // runs: its router leases are live; one without routers holds only this lock).
      let lock: ServeLock | undefined;
      try {
        lock = 'path' in source ? sourceLock(source.path) : undefined;
        // Before the target is opened: opening creates and migrates it (a SQLite file in WAL).
        await refuseLiveSource(from);
        await which('target', target, () => checkCopyTarget(target));
        const into = await which('target', target, () => Store.open(target));
        try {
          const counts = await copyStore(from, into, (table, rows) => {
            if (rows % PROGRESS_EVERY === 0) io.stdout(`${table.padEnd(13)} ${rows} rows…\n`);
          });
          for (const c of counts)
            io.stdout(`${c.table.padEnd(13)} ${c.source} copied, ${c.target} in target\n`);
          io.stdout('copy verified: every table has the same row count in both stores\n');
          return 0;
        } finally {
          await into.close();
        }
      } finally {
        lock?.release();
        await from.close();
      }
    },
  );
};
