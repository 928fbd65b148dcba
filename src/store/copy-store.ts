import { BanbridgeError } from '../core/errors.js';
import type { Store } from './store.js';

/**
 * The tables a store copy moves, each with its primary key (keyset pages). `new_bans` has
 * none (a new ban per row: several rows share credential and time) and is read whole: it
 * holds the rate limit's window, the last minute's new bans, and the older rows of each
 * credential until its next new ban deletes them.
 */
const TABLES: readonly { name: string; key?: readonly string[]; identity?: string }[] = [
  { name: 'bans', key: ['key'] },
  { name: 'claims', key: ['key', 'source'] },
  { name: 'offences', key: ['key'] },
  { name: 'audit', key: ['id'], identity: 'id' },
  { name: 'outbox', key: ['id'], identity: 'id' },
  { name: 'router_state', key: ['router'] },
  { name: 'new_bans' },
];
const PAGE = 1000;

/** The tables a copy writes: a target must hold no row in any of them. */
export const COPIED_TABLES: readonly string[] = TABLES.map((t) => t.name);

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

async function count(store: Store, table: string): Promise<number> {
  const row = await store.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
  return row?.n ?? 0;
}

/**
 * Refuses a source that a running `serve` still writes to: its copy would be torn. Seen by
 * the router leases it holds (either driver) and, on PostgreSQL, by its connections (a serve
 * driving no router holds no lease). A SQLite serve holds the file's serve lock, which the
 * command takes for the copy.
 */
export async function refuseLiveSource(from: Store): Promise<void> {
  const driving = (await from.leases.all())
    .filter((l) => l.live === 1)
    .map((l) => `${l.holder} drives ${l.router}`);
  const connected = (await from.db.servesConnected()).map((s) => `${s} is connected`);
  const live = [...connected, ...driving];
  if (live.length === 0) return;
  throw new BanbridgeError(
    'STORE_LOCKED',
    `a banbridge serve is using the source store: ${live.join(', ')}. Stop every serve on ` +
      'it first: a copy taken while reports are written could hold a ban that was lifted ' +
      'meanwhile',
  );
}

/** Reads one table of the source page by page (or whole, without a key), in key order. */
async function* pages(from: Store, t: (typeof TABLES)[number]): AsyncGenerator<Row[]> {
  if (t.key === undefined) {
    yield await from.db.all<Row>(`SELECT * FROM ${t.name}`);
    return;
  }
  const keys = t.key.join(', ');
  const marks = t.key.map(() => '?').join(', ');
  let after: unknown[] | undefined;
  for (;;) {
    const where = after === undefined ? '' : `WHERE (${keys}) > (${marks})`;
    const rows = await from.db.all<Row>(
      `SELECT * FROM ${t.name} ${where} ORDER BY ${keys} LIMIT ${PAGE}`,
      after ?? [],
    );
    if (rows.length === 0) return;
    yield rows;
    const last = rows.at(-1) as Row;
    after = t.key.map((k) => last[k]);
  }
}

type Row = Record<string, unknown>;

/**
 * Copies every table from one store to another (SQLite ⇄ PostgreSQL), page by page in key
 * order, ids included; reads only from the source. The target must be empty: a copy never
 * merges into live data. Everything is written in one transaction of the target, row counts
 * compared inside it: a copy that fails, or is interrupted, leaves the target as empty as it
 * found it, and running it again just works. Router leases are not copied: they belong to
 * running instances; a source with a live one is refused (a `serve` still writes to it).
 */
export async function copyStore(
  from: Store,
  to: Store,
  progress: (table: string, rows: number) => void = () => undefined,
): Promise<TableCount[]> {
  await refuseLiveSource(from);
  // Checked before it was opened too (copy-target.ts); again here, for callers that did not.
  for (const t of TABLES) {
    if ((await count(to, t.name)) > 0) {
      throw new BanbridgeError(
        'VALIDATION_FAILED',
        `the target store already holds ${t.name}; copy into a new, empty store`,
        { field: '--to' },
      );
    }
  }
  // Counted before the target's transaction begins: on PostgreSQL a transaction left idle
  // for seconds is ended by the server (postgres-driver.ts), and a count of a large table
  // can take that long. The source is not in use (refused above), so the counts hold.
  const sourceCounts = new Map<string, number>();
  for (const t of TABLES) sourceCounts.set(t.name, await count(from, t.name));
  return to.transaction(async () => {
    const counts: TableCount[] = [];
    for (const t of TABLES) {
      let copied = 0;
      for await (const rows of pages(from, t)) {
        if (rows.length === 0) break;
        const columns = Object.keys(rows[0] as Row);
        const insert = `INSERT INTO ${t.name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
        for (const row of rows)
          await to.db.run(
            insert,
            columns.map((c) => row[c]),
          );
        copied += rows.length;
        progress(t.name, copied);
      }
      if (t.identity !== undefined && to.kind === 'postgres') {
        // Explicit ids do not advance an identity column's sequence; new rows must not collide.
        await to.db.get(
          `SELECT setval(pg_get_serial_sequence('${t.name}', '${t.identity}'), coalesce(max(${t.identity}), 0) + 1, false) FROM ${t.name}`,
        );
      }
      counts.push({
        table: t.name,
        source: sourceCounts.get(t.name) ?? 0,
        target: await count(to, t.name),
      });
    }
    const wrong = counts.filter((c) => c.source !== c.target);
    if (wrong.length > 0) {
      throw new BanbridgeError(
        'INTERNAL',
        `copy incomplete, nothing kept in the target: ${wrong.map((c) => `${c.table} ${c.target} of ${c.source}`).join(', ')}`,
      );
    }
    return counts;
  });
}
