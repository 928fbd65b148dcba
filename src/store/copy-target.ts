import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { BanbridgeError } from '../core/errors.js';
import { COPIED_TABLES } from './copy-store.js';
import { migrations, refuseNewer } from './migrations.js';
import type { StoreLocation } from './store.js';
import { storeUnavailable } from './store-unavailable.js';

/** Every table a banbridge store can hold: what the migrations create, and their log. */
const OURS = new Set([
  ...migrations.flatMap((m) =>
    [...`${m.sql}\n${m.postgres ?? ''}`.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)].map(
      (match) => (match[1] as string).toLowerCase(),
    ),
  ),
  'schema_version',
]);

/** What a target holds, read without writing to it. */
interface Found {
  version: number;
  tables: string[];
  /** Which of the tables a copy writes hold rows. */
  nonEmpty: string[];
}

function inspectSqlite(path: string): Found | undefined {
  if (!existsSync(path) || statSync(path).size === 0) return undefined;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = (
      db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as { name: string }[]
    ).map((t) => t.name);
    const nonEmpty = tables.filter(
      (t) => COPIED_TABLES.includes(t) && db.prepare(`SELECT 1 FROM "${t}" LIMIT 1`).get(),
    );
    return { version: db.pragma('user_version', { simple: true }) as number, tables, nonEmpty };
  } finally {
    db.close();
  }
}

async function inspectPostgres(url: string): Promise<Found> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  // A session the server ends between queries emits 'error': the next query fails instead.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const tables = (
      await client.query<{ name: string }>(
        'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()',
      )
    ).rows.map((t) => t.name);
    const nonEmpty: string[] = [];
    for (const t of tables) {
      if (!COPIED_TABLES.includes(t)) continue;
      if ((await client.query(`SELECT 1 FROM "${t}" LIMIT 1`)).rowCount) nonEmpty.push(t);
    }
    const version = tables.includes('schema_version')
      ? Number(
          (await client.query<{ v: string | null }>('SELECT max(version) AS v FROM schema_version'))
            .rows[0]?.v ?? 0,
        )
      : 0;
    return { version, tables, nonEmpty };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Checks a `store copy` target before anything is written to it (no migration, no switch to
 * WAL): it must be missing, empty, or a banbridge store whose tables are all empty, of a
 * schema this banbridge knows. A database of another program, or one holding bans, is left
 * exactly as it was found.
 */
export async function checkCopyTarget(target: StoreLocation): Promise<void> {
  let found: Found | undefined;
  try {
    found = 'url' in target ? await inspectPostgres(target.url) : inspectSqlite(target.path);
  } catch (error) {
    throw storeUnavailable(error);
  }
  if (found === undefined) return;
  const foreign = found.tables.filter((t) => !OURS.has(t.toLowerCase()));
  if (foreign.length > 0) {
    throw new BanbridgeError(
      'VALIDATION_FAILED',
      `the target is not a banbridge store (it has tables ${foreign.slice(0, 5).join(', ')}); ` +
        'copy into a new, empty database or file',
      { field: '--to' },
    );
  }
  refuseNewer(found.version);
  if (found.nonEmpty.length > 0) {
    throw new BanbridgeError(
      'VALIDATION_FAILED',
      `the target store already holds ${found.nonEmpty.join(', ')}; copy into a new, empty ` +
        'store (left as it was)',
      { field: '--to' },
    );
  }
}
