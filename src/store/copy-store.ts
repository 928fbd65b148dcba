import { BanbridgeError } from '../core/errors.js';
import type { Store } from './store.js';

/** The tables a store copy moves, each with its primary key (keyset pages). */
const TABLES: readonly { name: string; key: readonly string[]; identity?: string }[] = [
  { name: 'bans', key: ['key'] },
  { name: 'claims', key: ['key', 'source'] },
  { name: 'offences', key: ['key'] },
  { name: 'audit', key: ['id'], identity: 'id' },
  { name: 'outbox', key: ['id'], identity: 'id' },
  { name: 'router_state', key: ['router'] },
  { name: 'new_bans', key: ['credential', 'at'] },
];
const PAGE = 1000;

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
 * Copies every table from one store to another (SQLite ⇄ PostgreSQL), page by page in key
 * order, ids included; reads only from the source. The target must be empty: a copy never
 * merges into live data. Each table's row counts are compared afterwards; a difference is
 * an error. Router leases are not copied: they belong to running instances.
 */
export async function copyStore(
  from: Store,
  to: Store,
  progress: (table: string, rows: number) => void = () => undefined,
): Promise<TableCount[]> {
  for (const t of TABLES) {
    if ((await count(to, t.name)) > 0) {
      throw new BanbridgeError(
        'VALIDATION_FAILED',
        `the target store already holds ${t.name}; copy into a new, empty store`,
        { field: '--to' },
      );
    }
  }
  const counts: TableCount[] = [];
  for (const t of TABLES) {
    let after: unknown[] | undefined;
    let copied = 0;
    for (;;) {
      const keys = t.key.join(', ');
      const marks = t.key.map(() => '?').join(', ');
      const where = after === undefined ? '' : `WHERE (${keys}) > (${marks})`;
      const rows = await from.db.all<Record<string, unknown>>(
        `SELECT * FROM ${t.name} ${where} ORDER BY ${keys} LIMIT ${PAGE}`,
        after ?? [],
      );
      if (rows.length === 0) break;
      const columns = Object.keys(rows[0] as Record<string, unknown>);
      const insert = `INSERT INTO ${t.name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
      await to.transaction(async () => {
        for (const row of rows)
          await to.db.run(
            insert,
            columns.map((c) => row[c]),
          );
      });
      copied += rows.length;
      progress(t.name, copied);
      const last = rows.at(-1) as Record<string, unknown>;
      after = t.key.map((k) => last[k]);
    }
    if (t.identity !== undefined && to.kind === 'postgres') {
      // Explicit ids do not advance an identity column's sequence; new rows must not collide.
      await to.db.get(
        `SELECT setval(pg_get_serial_sequence('${t.name}', '${t.identity}'), coalesce(max(${t.identity}), 0) + 1, false) FROM ${t.name}`,
      );
    }
    counts.push({
      table: t.name,
      source: await count(from, t.name),
      target: await count(to, t.name),
    });
  }
  const wrong = counts.filter((c) => c.source !== c.target);
  if (wrong.length > 0) {
    throw new BanbridgeError(
      'INTERNAL',
      `copy incomplete: ${wrong.map((c) => `${c.table} ${c.target} of ${c.source}`).join(', ')}`,
    );
  }
  return counts;
}
