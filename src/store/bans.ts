import { inChunks, inSlices } from './multi-row.js';
import type { SqlDriver } from './sql-driver.js';

export interface BanRow {
  key: string;
  family: 4 | 6;
  first_seen: number;
  last_seen: number;
  hits: number;
  banned_at: number;
  expires_at: number | null;
  active: 0 | 1;
  reason: string;
  ended_at: number | null;
  ended_by: string | null;
}

export interface ClaimRow {
  key: string;
  source: string;
  credential: string;
  first_seen: number;
  last_seen: number;
  hits: number;
  active: 0 | 1;
}

export interface OffenceRow {
  key: string;
  count: number;
  last_ban_at: number;
  last_duration_ms: number | null;
}

export interface BanQuery {
  active?: boolean;
  family?: 4 | 6;
  source?: string;
  /** Prefix of the key (e.g. `185.220.`). */
  prefix?: string;
  /** Keyset pagination: rows with key > after. */
  after?: string;
  limit: number;
}

/**
 * What a router entry is made from: a ban in force, without its comment. Named as the
 * worker uses it (`expiresAt`), so 100,000 rows need no copying into another shape.
 */
export interface BanInForce {
  key: string;
  family: 4 | 6;
  expiresAt: number | null;
}

/** What a ban's router comment says: its reason and the sources of its active claims. */
export interface BanCommentFacts {
  reason: string;
  sources: string[];
}

/** One claim's reports in a batch: claimAll() adds `hits` to the claim. */
export interface ClaimHits {
  key: string;
  source: string;
  credential: string;
  hits: number;
}

function byKey<R extends { key: string }>(rows: readonly R[]): Map<string, R> {
  return new Map(rows.map((row) => [row.key, row]));
}

export interface BanCounts {
  active: number;
  active_v4: number;
  active_v6: number;
  permanent: number;
  total: number;
}

/** Desired state: bans, their claims and the offence history behind escalation. */
export class BanTable {
  constructor(private readonly db: SqlDriver) {}

  get(key: string): Promise<BanRow | undefined> {
    return this.db.get<BanRow>('SELECT * FROM bans WHERE key = ?', [key]);
  }

  /** The ban rows of these keys, by key (keys without one are absent). */
  async getMany(keys: readonly string[]): Promise<Map<string, BanRow>> {
    return byKey(await this.selectIn<BanRow>('SELECT * FROM bans WHERE key IN', keys));
  }

  save(row: BanRow): Promise<void> {
    return this.saveAll([row]);
  }

  /** Inserts or replaces ban rows (one row per key). */
  async saveAll(rows: readonly BanRow[]): Promise<void> {
    await inSlices(rows, 11, (slice, values) =>
      this.db.run(
        `INSERT INTO bans (key, family, first_seen, last_seen, hits, banned_at, expires_at, active, reason, ended_at, ended_by)
         VALUES ${values}
         ON CONFLICT (key) DO UPDATE SET
           last_seen = excluded.last_seen, hits = excluded.hits, banned_at = excluded.banned_at,
           expires_at = excluded.expires_at, active = excluded.active, reason = excluded.reason,
           ended_at = excluded.ended_at, ended_by = excluded.ended_by`,
        slice.flatMap((row) => [
          row.key,
          row.family,
          row.first_seen,
          row.last_seen,
          row.hits,
          row.banned_at,
          row.expires_at,
          row.active,
          row.reason,
          row.ended_at,
          row.ended_by,
        ]),
      ),
    );
  }

  claims(key: string): Promise<ClaimRow[]> {
    return this.db.all<ClaimRow>('SELECT * FROM claims WHERE key = ? ORDER BY first_seen', [key]);
  }

  claim(key: string, source: string, credential: string, now: number): Promise<void> {
    return this.claimAll([{ key, source, credential, hits: 1 }], now);
  }

  /**
   * Records `hits` more reports on each (key, source) claim, active from now on; a claim
   * released before starts over (first_seen = now). One entry per (key, source).
   */
  async claimAll(claims: readonly ClaimHits[], now: number): Promise<void> {
    await inSlices(claims, 7, (slice, values) =>
      this.db.run(
        `INSERT INTO claims (key, source, credential, first_seen, last_seen, hits, active)
         VALUES ${values}
         ON CONFLICT (key, source) DO UPDATE SET
           last_seen = excluded.last_seen, hits = claims.hits + excluded.hits, active = 1,
           first_seen = CASE WHEN claims.active = 1 THEN claims.first_seen ELSE excluded.first_seen END`,
        slice.flatMap((c) => [c.key, c.source, c.credential, now, now, c.hits, 1]),
      ),
    );
  }

  async releaseClaim(key: string, source: string): Promise<void> {
    await this.db.run('UPDATE claims SET active = 0 WHERE key = ? AND source = ?', [key, source]);
  }

  /** Releases every claim on these keys. */
  async releaseAllClaimsOf(keys: readonly string[]): Promise<void> {
    await inChunks(keys, (chunk, list) =>
      this.db.run(`UPDATE claims SET active = 0 WHERE key IN (${list})`, chunk),
    );
  }

  offence(key: string): Promise<OffenceRow | undefined> {
    return this.db.get<OffenceRow>('SELECT * FROM offences WHERE key = ?', [key]);
  }

  /** The offence histories of these keys, by key. */
  async offencesOf(keys: readonly string[]): Promise<Map<string, OffenceRow>> {
    return byKey(await this.selectIn<OffenceRow>('SELECT * FROM offences WHERE key IN', keys));
  }

  /** Inserts or replaces offence rows (one row per key). */
  async saveOffences(rows: readonly OffenceRow[]): Promise<void> {
    await inSlices(rows, 4, (slice, values) =>
      this.db.run(
        `INSERT INTO offences (key, count, last_ban_at, last_duration_ms) VALUES ${values}
         ON CONFLICT (key) DO UPDATE SET count = excluded.count, last_ban_at = excluded.last_ban_at,
           last_duration_ms = excluded.last_duration_ms`,
        slice.flatMap((row) => [row.key, row.count, row.last_ban_at, row.last_duration_ms]),
      ),
    );
  }

  /** `select` (ending in `WHERE key IN`) for every key, in chunks (multi-row.ts). */
  private async selectIn<R>(select: string, keys: readonly string[]): Promise<R[]> {
    const rows: R[] = [];
    await inChunks(keys, async (chunk, list) => {
      rows.push(...(await this.db.all<R>(`${select} (${list})`, chunk)));
    });
    return rows;
  }

  /** Active bans: one row that triggers keep (migration 7), not a count over the table. */
  async countActive(): Promise<number> {
    const row = await this.db.get<{ n: number }>("SELECT n FROM counts WHERE name = 'active_bans'");
    return row?.n ?? 0;
  }

  async expiredKeys(now: number, limit: number): Promise<string[]> {
    const rows = await this.db.all<{ key: string }>(
      'SELECT key FROM bans WHERE active = 1 AND expires_at IS NOT NULL AND expires_at <= ? LIMIT ?',
      [now, limit],
    );
    return rows.map((r) => r.key);
  }

  /**
   * The keys of every active ban. Read from the index bans_active_key alone, without table
   * rows: at 100,000 bans about 20 times faster than reading whole rows (bench restart row).
   */
  async activeKeys(): Promise<string[]> {
    const rows = await this.db.all<{ key: string }>('SELECT key FROM bans WHERE active = 1');
    return rows.map((r) => r.key);
  }

  /**
   * Every ban in force at `now` (active and not expired), with only what a router diff
   * needs; the comments of the few entries to be written come from commentFacts().
   */
  inForce(now: number): Promise<BanInForce[]> {
    return this.db.all<BanInForce>(
      `SELECT key, family, expires_at AS "expiresAt" FROM bans
        WHERE active = 1 AND (expires_at IS NULL OR expires_at > ?) ORDER BY key`,
      [now],
    );
  }

  /** Reason and active claim sources (in claim order) of these bans, by key. */
  async commentFacts(keys: readonly string[]): Promise<Map<string, BanCommentFacts>> {
    const sources = await this.activeSources(keys);
    const bans = await this.selectIn<{ key: string; reason: string }>(
      'SELECT key, reason FROM bans WHERE key IN',
      keys,
    );
    return new Map(
      bans.map((ban) => [ban.key, { reason: ban.reason, sources: sources.get(ban.key) ?? [] }]),
    );
  }

  /** The sources of the active claims on these keys, in claim order, by key. */
  async activeSources(keys: readonly string[]): Promise<Map<string, string[]>> {
    const sources = new Map<string, string[]>();
    await inChunks(keys, async (chunk, list) => {
      const claims = await this.db.all<{ key: string; source: string }>(
        `SELECT key, source FROM claims WHERE active = 1 AND key IN (${list})
          ORDER BY key, first_seen`,
        chunk,
      );
      for (const claim of claims) {
        const known = sources.get(claim.key);
        if (known === undefined) sources.set(claim.key, [claim.source]);
        else known.push(claim.source);
      }
    });
    return sources;
  }

  query(q: BanQuery): Promise<BanRow[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.active !== undefined) {
      where.push('b.active = ?');
      args.push(q.active ? 1 : 0);
    }
    if (q.family !== undefined) {
      where.push('b.family = ?');
      args.push(q.family);
    }
    if (q.prefix !== undefined) {
      where.push("b.key LIKE ? ESCAPE '\\'");
      args.push(`${q.prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    if (q.after !== undefined) {
      where.push('b.key > ?');
      args.push(q.after);
    }
    if (q.source !== undefined) {
      where.push(
        'EXISTS (SELECT 1 FROM claims c WHERE c.key = b.key AND (c.source = ? OR c.credential = ?))',
      );
      args.push(q.source, q.source);
    }
    const sql = `SELECT b.* FROM bans b ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY b.key LIMIT ?`;
    return this.db.all<BanRow>(sql, [...args, q.limit]);
  }

  async counts(): Promise<BanCounts> {
    const row = await this.db.get<BanCounts>(
      `SELECT coalesce(sum(active), 0) AS active,
              coalesce(sum(CASE WHEN active = 1 AND family = 4 THEN 1 ELSE 0 END), 0) AS active_v4,
              coalesce(sum(CASE WHEN active = 1 AND family = 6 THEN 1 ELSE 0 END), 0) AS active_v6,
              coalesce(sum(CASE WHEN active = 1 AND expires_at IS NULL THEN 1 ELSE 0 END), 0) AS permanent,
              count(*) AS total FROM bans`,
    );
    return row as BanCounts;
  }
}
