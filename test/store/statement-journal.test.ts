import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';

/** Files this process holds open whose names SQLite gives its temporary files ("etilqs_"). */
function openTemporaryFiles(): string[] {
  const names: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.includes('etilqs_')) names.push(target);
    } catch {
      // closed meanwhile (the directory listing's own descriptor)
    }
  }
  return names;
}

/**
 * A batch of group-commit members runs each in a savepoint, so SQLite keeps a statement
 * journal of the pages they change. Past 64 KiB it spills to a temporary file unless
 * temp_store is MEMORY (SQLite's pager.c, openSubJournal): a file created and deleted per
 * batch on the event loop. The store keeps it in memory.
 */
describe('SQLite store: the statement journal of a batch stays in memory', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'banbridge-stmtjrnl-'));
    store = await Store.open({ path: join(dir, 'banbridge.db') });
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens no temporary file while members change hundreds of pages', async () => {
    expect(await store.db.get('PRAGMA temp_store')).toEqual({ temp_store: 2 });
    await store.transaction(async () => {
      for (let i = 0; i < 2000; i++) {
        await store.audit.append({
          at: i,
          action: 'report',
          credential: 'x',
          detector: 'api',
          outcome: 'recorded',
          detail: { note: 'x'.repeat(200) },
        });
      }
    });
    let seen: string[] | undefined;
    let changed = 0;
    // Two members: one batch, each in its own savepoint.
    await Promise.all([
      store.transaction(() => store.db.run("UPDATE audit SET credential = 'y' WHERE at < 10")),
      store.transaction(async () => {
        changed = await store.db.run("UPDATE audit SET credential = 'z', detail = NULL");
        seen = openTemporaryFiles();
      }),
    ]);
    expect(changed).toBe(2000);
    expect(seen).toEqual([]);
  });
});
