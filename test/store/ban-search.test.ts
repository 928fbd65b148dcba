import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_CAP, type BanSearchQuery } from '../../src/store/ban-search.js';
import { Store } from '../../src/store/store.js';
import { banRow } from '../helpers/ban-row.js';
import { databaseFor } from '../helpers/test-store.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');

const open: Store[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let n = 0;
async function storeWith(
  driver: 'sqlite' | 'postgres',
  rows: {
    key: string;
    family: 4 | 6;
    reason: string;
    source: string;
    active?: 0 | 1;
    expires?: number | null;
  }[],
) {
  let store: Store;
  if (driver === 'postgres') {
    store = await Store.open({ url: databaseFor(`search_${process.pid}_${++n}`) });
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'banbridge-search-'));
    dirs.push(dir);
    store = await Store.open(join(dir, 'banbridge.db'));
  }
  open.push(store);
  await store.transaction(async () => {
    for (const r of rows) {
      await store.bans.save(
        banRow(r.key, NOW, {
          family: r.family,
          reason: r.reason,
          active: r.active ?? 1,
          expires_at: r.expires === undefined ? NOW + 3600_000 : r.expires,
        }),
      );
      await store.bans.claim(r.key, r.source, r.source.split('/')[0] as string, NOW);
    }
  });
  return store;
}

describe.each(['sqlite', 'postgres'] as const)(
  'BanSearch (the console ban list) on %s',
  (driver) => {
    let store: Store;
    beforeAll(async () => {
      store = await storeWith(driver, [
        { key: '45.1.2.3', family: 4, reason: 'ssh brute force', source: 'web01/sshd@web01' },
        { key: '45.1.20.0/24', family: 4, reason: 'nginx bot search', source: 'graylog' },
        { key: '45.2.0.1', family: 4, reason: 'SSH brute force', source: 'graylog' },
        { key: '2a06:4883:1000::/64', family: 6, reason: 'web scanner', source: 'admin' },
        { key: '91.0.0.1', family: 4, reason: 'ended', source: 'graylog', active: 0 },
        { key: '91.0.0.2', family: 4, reason: 'expired', source: 'graylog', expires: NOW - 1 },
        { key: '91.0.0.3', family: 4, reason: 'permanent', source: 'graylog', expires: null },
      ]);
    });
    const keys = async (q: BanSearchQuery) => (await store.banSearch.page(q)).map((r) => r.key);

    it('lists only bans in force, in key order, with their sources', async () => {
      const rows = await store.banSearch.page({ limit: 10, now: NOW });
      expect(rows.map((r) => r.key)).toEqual([
        '2a06:4883:1000::/64',
        '45.1.2.3',
        '45.1.20.0/24',
        '45.2.0.1',
        '91.0.0.3',
      ]);
      expect(rows[1]?.sources).toBe('web01/sshd@web01');
      expect(await store.banSearch.count({ now: NOW })).toBe(5);
    });

    it('filters by address start, reason words, source or credential, and family', async () => {
      expect(await keys({ limit: 10, now: NOW, text: '45.1.2' })).toEqual([
        '45.1.2.3',
        '45.1.20.0/24',
      ]);
      expect(await keys({ limit: 10, now: NOW, text: '2A06:4883' })).toEqual([
        '2a06:4883:1000::/64',
      ]);
      expect(await keys({ limit: 10, now: NOW, text: 'ssh' })).toEqual(['45.1.2.3', '45.2.0.1']);
      expect(await keys({ limit: 10, now: NOW, text: '50%_' })).toEqual([]);
      expect(await keys({ limit: 10, now: NOW, source: 'web01' })).toEqual(['45.1.2.3']);
      expect(await keys({ limit: 10, now: NOW, source: 'web01/sshd@web01' })).toEqual(['45.1.2.3']);
      expect(await keys({ limit: 10, now: NOW, family: 6 })).toEqual(['2a06:4883:1000::/64']);
      expect(await store.banSearch.count({ now: NOW, source: 'graylog' })).toBe(3);
    });

    it('pages by key and stops counting past the cap when filtering', async () => {
      expect(await keys({ limit: 2, now: NOW, after: '45.1.2.3' })).toEqual([
        '45.1.20.0/24',
        '45.2.0.1',
      ]);
      const many = await storeWith(
        driver,
        Array.from({ length: COUNT_CAP + 50 }, (_, i) => ({
          key: `45.${i >> 8}.${i & 255}.1`,
          family: 4 as const,
          reason: 'x',
          source: 'graylog',
        })),
      );
      expect(await many.banSearch.count({ now: NOW })).toBe(COUNT_CAP + 50);
      expect(await many.banSearch.count({ now: NOW, family: 4 })).toBe(COUNT_CAP + 1);
    });
  },
);
