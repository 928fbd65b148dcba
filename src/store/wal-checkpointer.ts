import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * How often the thread checkpoints: at 3,000 reports a second, about 2,000 WAL frames (8 MiB)
 * between checkpoints.
 */
const INTERVAL_MS = 100;

/**
 * The thread's program, plain JavaScript run with `eval`: no build step and no loader, so it
 * starts the same from dist/, from the sources under tsx and inside the test runner. A
 * PASSIVE checkpoint copies what it can without waiting for, or blocking, the writer
 * (https://sqlite.org/c3ref/wal_checkpoint_v2.html); with nothing new in the WAL it does
 * nothing (SQLite wal.c walCheckpoint: only while nBackfill < mxFrame). The connection keeps
 * synchronous = FULL, the default, so a checkpoint syncs the WAL before it copies and the
 * database after (https://sqlite.org/pragma.html#pragma_synchronous).
 */
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const stop = () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
};
const timer = setInterval(() => {
  try {
    // Another checkpoint running (the CLI's, the writer's own) is not an error: the row it
    // returns says busy, and the next interval tries again.
    checkpoint.run();
  } catch (e) {
    // A real failure (I/O, a read-only or vanished file): end the thread, so the writer
    // checkpoints on its own again and meets the failure where it is reported (a write that
    // fails is STORE_UNAVAILABLE, and /readyz says so).
    stop();
  }
}, workerData.intervalMs);
parentPort.on('message', stop);
`;

/**
 * Checkpoints a SQLite WAL on a thread of its own. A checkpoint copies the WAL's pages into
 * the database file and syncs both; by default the connection that commits runs it, inside
 * COMMIT, once the WAL passes 1,000 pages (https://sqlite.org/wal.html#automatic_checkpoint):
 * on `serve` that is the event loop, stalled for milliseconds every few dozen batches of
 * reports (measured: 144 of 4,053 commits took 3.4 ms each, 37 % of all COMMIT time). With
 * this thread running, the writer's own automatic checkpoint is raised to AUTOCHECKPOINT_PAGES.
 *
 * Only the writer restarts the WAL from its beginning, as a transaction starts and finds every
 * frame copied (https://sqlite.org/wal.html#avoiding_excessively_large_wal_files). Under a
 * steady stream of commits the thread's checkpoint seldom ends with nothing left (commits
 * land while it copies), so the WAL grows until the writer's own checkpoint, which then finds
 * nearly all of it copied, syncs and lets the WAL restart: a WAL of up to about 40 MiB, and
 * (measured over 30,500 reports) about 20 such checkpoints on the event loop instead of
 * 144. When the thread stops, the writer checkpoints at SQLite's default again.
 */
export class WalCheckpointer {
  /** The writer's automatic checkpoint while the thread runs: 40 MiB of WAL. */
  static readonly AUTOCHECKPOINT_PAGES = 10_000;

  private stopped = false;

  private constructor(
    private readonly worker: Worker,
    onStop: () => void,
  ) {
    worker.unref();
    // A thread that fails (the file gone, say) ends; the writer checkpoints on its own again.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      this.stopped = true;
      onStop();
    });
  }

  /**
   * Starts the thread on the database at `path`. `onStop` runs when the thread ends, asked to
   * or not: the writer should checkpoint on its own again.
   */
  static start(path: string, onStop: () => void): WalCheckpointer {
    const worker = new Worker(PROGRAM, {
      eval: true,
      workerData: {
        path,
        intervalMs: INTERVAL_MS,
        module: createRequire(import.meta.url).resolve('better-sqlite3'),
      },
    });
    return new WalCheckpointer(worker, onStop);
  }

  /** Stops the thread and closes its connection. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    // Held while we wait: an unreferenced thread would let a process with nothing else to do
    // exit before `exit` arrives, with this await unsettled.
    this.worker.ref();
    this.worker.postMessage('stop');
    await exited;
  }
}
