import type { Db } from './open-database.js';
import type { BanRow } from './bans.js';

export interface BanSearchQuery {
  /** Claim source or reporting credential. */
  source?: string;
  family?: 4 | 6;
  /** Start of the key (`185.220.`) or any part of the reason, case-insensitive. */
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

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The active bans a person pages through (the operator console's ban list): one indexed
 * query per page (bans_active_key, claims_source from migration 4), the claim sources
 * gathered in the same statement so a page is never N+1 queries.
 */
export class BanSearch {
  private readonly statements = new Map<string, ReturnType<Db['prepare']>>();

  constructor(private readonly db: Db) {}

  page(q: BanSearchQuery): BanSearchRow[] {
    const { sql, args } = this.where(q);
    args.limit = q.limit;
    if (q.after !== undefined) args.after = q.after;
    const select = `SELECT b.*, coalesce((SELECT group_concat(c.source, ' ') FROM claims c
        WHERE c.key = b.key AND c.active = 1), '') AS sources
      FROM bans b WHERE ${sql}${q.after === undefined ? '' : ' AND b.key > @after'}
      ORDER BY b.key LIMIT @limit`;
    return this.prepared(select).all(args) as BanSearchRow[];
  }

  /** How many active bans match (for "1–50 of 12,345"). */
  count(q: Omit<BanSearchQuery, 'after' | 'limit'>): number {
    const { sql, args } = this.where(q);
    return this.prepared(`SELECT count(*) FROM bans b WHERE ${sql}`).pluck().get(args) as number;
  }

  private where(q: Omit<BanSearchQuery, 'after' | 'limit'>): {
    sql: string;
    args: Record<string, unknown>;
  } {
    const where = ['b.active = 1', '(b.expires_at IS NULL OR b.expires_at > @now)'];
    const args: Record<string, unknown> = { now: q.now };
    if (q.family !== undefined) {
      where.push('b.family = @family');
      args.family = q.family;
    }
    if (q.text !== undefined && q.text !== '') {
      where.push("(b.key LIKE @prefix ESCAPE '\\' OR b.reason LIKE @contains ESCAPE '\\')");
      args.prefix = `${escapeLike(q.text)}%`;
      args.contains = `%${escapeLike(q.text)}%`;
    }
    if (q.source !== undefined && q.source !== '') {
      where.push(
        'EXISTS (SELECT 1 FROM claims c WHERE c.key = b.key AND c.active = 1 AND (c.source = @source OR c.credential = @source))',
      );
      args.source = q.source;
    }
    return { sql: where.join(' AND '), args };
  }

  /** The filters make a handful of distinct statements: prepare each once. */
  private prepared(sql: string) {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
