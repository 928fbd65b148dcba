import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { WalCheckpointer } from '../../src/store/wal-checkpointer.js';
import { ROOT } from '../helpers/spawn-banbridge.js';

const PAGE = 4096;

/** Writes about `pages` pages of audit rows, in transactions of 40 rows. */
async function writePages(store: Store, pages: number): Promise<void> {
  const detail = 'x'.repeat(PAGE - 200);
  for (let done = 0; done < pages; done += 40) {
    await store.transaction(async () => {
      for (let i = 0; i < 40; i++) {
        await store.db.run(
          `INSERT INTO audit (at, action, credential, detector, outcome, detail)
           VALUES (?, 'ban', 'test', 'test', 'accepted', ?)`,
          [done + i, detail],
        );
      }
    });
  }
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * `serve` checkpoints the WAL on a thread of its own (wal-checkpointer.ts): the committing
 * connection's automatic checkpoint, which runs inside COMMIT on the event loop, is raised
 * to 10,000 pages, so the pages that reach the database file below that were copied by the
 * thread.
 */
describe('SQLite store: WAL checkpoints on their own thread while serving', () => {
  let dir: string;
  let path: string;
  let store: Store | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'banbridge-checkpoint-'));
    path = join(dir, 'banbridge.db');
  });
  afterEach(async () => {
    await store?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies committed pages into the database file without the writer checkpointing', async () => {
    store = await Store.open({ path }, { servingAs: 'test' });
    expect(await store.db.get('PRAGMA wal_autocheckpoint')).toEqual({ wal_autocheckpoint: 10_000 });
    const before = statSync(path).size;
    await writePages(store, 2_000);
    // 2,000 pages, below the writer's 10,000: only the thread copies them to the database.
    await until(() => statSync(path).size >= before + 1_900 * PAGE);
    expect(statSync(path).size).toBeGreaterThanOrEqual(before + 1_900 * PAGE);
  });

  it('leaves the writer its own checkpoints when not serving (the CLI)', async () => {
    store = await Store.open({ path });
    expect(await store.db.get('PRAGMA wal_autocheckpoint')).toEqual({ wal_autocheckpoint: 1_000 });
  });

  it('stops with the store: the last connection to close removes the WAL', async () => {
    store = await Store.open({ path }, { servingAs: 'test' });
    await writePages(store, 400);
    expect(existsSync(`${path}-wal`)).toBe(true);
    await store.close();
    store = undefined;
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('lets a process with nothing else to do finish closing the store (the thread is held while it stops)', () => {
    // In a process of its own: under the test runner other handles keep the loop alive.
    const script = `
      const { Store } = await import(${JSON.stringify(join(ROOT, 'src/store/store.ts'))});
      const store = await Store.open({ path: ${JSON.stringify(path)} }, { servingAs: 'test' });
      await store.close();
      console.log('closed');`;
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: ROOT, encoding: 'utf8', timeout: 30_000 },
    );
    expect([r.status, r.stdout.trim()], r.stderr).toEqual([0, 'closed']);
  });

  it('ends the thread when it cannot checkpoint (no file, not a database), so the writer checkpoints on its own again', async () => {
    // Not a database: preparing the checkpoint fails (SQLITE_NOTADB).
    writeFileSync(path, 'x'.repeat(8192));
    const notADatabase = new Promise<void>((resolve) => WalCheckpointer.start(path, resolve));
    // No file at all: the thread cannot open it.
    const missing = new Promise<void>((resolve) =>
      WalCheckpointer.start(join(dir, 'missing.db'), resolve),
    );
    await Promise.all([notADatabase, missing]);
  });
});
