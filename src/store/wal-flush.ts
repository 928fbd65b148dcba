import { open } from 'node:fs/promises';

/**
 * fsync of a SQLite WAL file on libuv's thread pool, so the event loop keeps serving while the
 * disk works. With `PRAGMA synchronous = NORMAL` in WAL mode SQLite writes a commit's frames
 * to the WAL but does not sync it at COMMIT; FULL adds exactly that: a sync of the WAL file
 * after each transaction commit (https://sqlite.org/pragma.html#pragma_synchronous). fsync
 * flushes the file's modified data whichever descriptor is used
 * (https://man7.org/linux/man-pages/man2/fsync.2.html), so a descriptor of our own is as good
 * as SQLite's. The file is opened per flush, not held: the path names the WAL SQLite writes.
 */
export class WalFlush {
  private running: Promise<void> | undefined;

  constructor(private readonly walPath: string) {}

  /** Resolves once every frame written to the WAL before this call is on disk. */
  async flush(): Promise<void> {
    // One at a time: a flush that started before our frames were written may not cover them.
    while (this.running !== undefined) await this.running.catch(() => undefined);
    const flushing = this.sync().finally(() => {
      this.running = undefined;
    });
    this.running = flushing;
    return flushing;
  }

  /** Resolves when no flush is in flight (before the database is closed). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running.catch(() => undefined);
  }

  private async sync(): Promise<void> {
    const handle = await open(this.walPath, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
