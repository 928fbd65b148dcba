import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';

/**
 * SQLite runs with synchronous=NORMAL and group commit syncs the WAL itself before a
 * transaction resolves (src/store/wal-flush.ts). A transaction whose WAL cannot be synced
 * must not resolve: here the WAL file is unlinked under the open connection (SQLite keeps
 * writing to the unlinked file, so COMMIT succeeds), and the sync by path fails.
 */
describe('SQLite store: a transaction resolves only after its WAL is synced', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'banbridge-wal-'));
    store = await Store.open({ path: join(dir, 'banbridge.db') });
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs with synchronous=NORMAL plus its own sync; a failed sync fails every member', async () => {
    expect(await store.db.get<{ synchronous: number }>('PRAGMA synchronous')).toEqual({
      synchronous: 1,
    });
    const write = (i: number) =>
      store.transaction(() =>
        store.audit.append({
          at: i,
          action: 'report',
          credential: 'x',
          detector: 'api',
          outcome: 'recorded',
        }),
      );
    await Promise.all([write(1), write(2), write(3)]);
    unlinkSync(join(dir, 'banbridge.db-wal'));
    const results = await Promise.allSettled([write(4), write(5), write(6)]);
    for (const r of results) {
      expect(r).toMatchObject({ status: 'rejected', reason: { code: 'STORE_UNAVAILABLE' } });
    }
  });
});
