import type { BanRow } from './bans.js';
import type { SqlDriver } from './sql-driver.js';

export interface BanSearchQuery {
  /** Claim source or reporting credential. */
  source?: string;
  family?: 4 | 6;
  /** The start of the address (`185.220.`, lower-case IPv6), else any part of the reason. */
  text?: string;
  /** Keyset paging: keys after this one. */
  after?: string;
  limit: number;
  now: number;
}

export interface BanSearchRow extends BanRow {
  /** Active claim sources, space-separated. */
  sources: string;
}

/** Text that reads as the start of an address or CIDR (a digit, dot or colon in it). */
const ADDRESS_START = /^(?=.*[0-9.:])[0-9a-f.:/]+$/i;

/** Counting stops here when filtering: "more than 10,000" is all a person needs. */
export const COUNT_CAP = 10_000;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The active bans a person pages through (the operator console's ban list): one indexed
 * query per page (bans_active_key, claims_source from migration 4), the claim sources
 * gathered in the same statement so a page is never N+1 queries.
 */
export class BanSearch {
  constructor(private readonly db: SqlDriver) {}

  page(q: BanSearchQuery): Promise<BanSearchRow[]> {
    const { sql, args } = this.where(q);
    if (q.after !== undefined) args.push(q.after);
    const sources = this.db.stringAgg('c.source', "' '");
    const select = `SELECT b.*, coalesce((SELECT ${sources} FROM claims c
        WHERE c.key = b.key AND c.active = 1), '') AS sources
      FROM bans b WHERE ${sql}${q.after === undefined ? '' : ' AND b.key > ?'}
      ORDER BY b.key LIMIT ?`;
    return this.db.all<BanSearchRow>(select, [...args, q.limit]);
  }

  /**
   * How many active bans match (for "12,345 match"). Unfiltered it is an index-only count;
   * filtered it stops after COUNT_CAP + 1, so a page never scans 100,000 rows to count.
   */
  async count(q: Omit<BanSearchQuery, 'after' | 'limit'>): Promise<number> {
    const { sql, args } = this.where(q);
    const filtered = q.family !== undefined || Boolean(q.text) || Boolean(q.source);
    const select = filtered
      ? `SELECT count(*) AS n FROM (SELECT 1 FROM bans b WHERE ${sql} LIMIT ${COUNT_CAP + 1}) AS matched`
      : `SELECT count(*) AS n FROM bans b WHERE ${sql}`;
    return (await this.db.get<{ n: number }>(select, args))?.n ?? 0;
  }

  /** The conditions, with their `?` arguments in order. */
  private where(q: Omit<BanSearchQuery, 'after' | 'limit'>): { sql: string; args: unknown[] } {
    const where = ['b.active = 1', '(b.expires_at IS NULL OR b.expires_at > ?)'];
    const args: unknown[] = [q.now];
    if (q.family !== undefined) {
      where.push('b.family = ?');
      args.push(q.family);
    }
    const text = q.text ?? '';
    if (ADDRESS_START.test(text)) {
      // An address start is a key range, which the (active, key) index answers directly
      // (LIKE cannot use a BINARY index without case_sensitive_like).
      const key = `b.key${this.db.binaryCollation}`;
      where.push(`${key} >= ? AND ${key} < ?`);
      const start = text.toLowerCase();
      args.push(
        start,
        `${start.slice(0, -1)}${String.fromCharCode(start.charCodeAt(start.length - 1) + 1)}`,
      );
    } else if (text !== '') {
      where.push(`b.reason ${this.db.likeAnyCase} ? ESCAPE '\\'`);
      args.push(`%${escapeLike(text)}%`);
    }
    if (q.source !== undefined && q.source !== '') {
      // Driven from the claims indexes (claims_source, claims_credential: migration 4).
      where.push(
        `b.key IN (SELECT key FROM claims WHERE source = ? AND active = 1
          UNION SELECT key FROM claims WHERE credential = ? AND active = 1)`,
      );
      args.push(q.source, q.source);
    }
    return { sql: where.join(' AND '), args };
  }
}
