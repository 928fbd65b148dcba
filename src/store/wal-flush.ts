import { closeSync, fstatSync, fsync, openSync, statSync } from 'node:fs';

/**
 * fsync of a SQLite WAL file on libuv's thread pool, so the event loop keeps serving while the
 * disk works. With `PRAGMA synchronous = NORMAL` in WAL mode SQLite writes a commit's frames
 * to the WAL but does not sync it at COMMIT; FULL adds exactly that: a sync of the WAL file
 * after each transaction commit (https://sqlite.org/pragma.html#pragma_synchronous). fsync
 * flushes the file's modified data whichever descriptor is used
 * (https://man7.org/linux/man-pages/man2/fsync.2.html), so a descriptor of our own is as good
 * as SQLite's.
 *
 * What is synced is the file the path names at each flush: the descriptor is kept while a
 * stat of the path shows the same file (device and inode), and opened again when it does not.
 * A path that names no file fails the flush. (SQLite deletes the WAL only when the last
 * connection closes, https://sqlite.org/wal.html, and ours stays open while we flush.)
 */
export class WalFlush {
  private running: Promise<void> | undefined;
  private held: { fd: number; dev: number; ino: number } | undefined;
  private closed = false;

  constructor(private readonly walPath: string) {}

  /** Resolves once every frame written to the WAL before this call is on disk. */
  async flush(): Promise<void> {
    // One at a time: a flush that started before our frames were written may not cover them.
    // (Not `await this.idle()`: the check and the claim below must run in one continuation,
    // or two waiters could both find nothing running and flush at once.)
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

  /** Lets go of the descriptor (after idle()); a later flush fails instead of opening one. */
  close(): void {
    this.closed = true;
    this.release();
  }

  private release(): void {
    if (this.held === undefined) return;
    closeSync(this.held.fd);
    this.held = undefined;
  }

  private async sync(): Promise<void> {
    const fd = this.descriptor();
    await new Promise<void>((resolve, reject) =>
      fsync(fd, (error) => (error === null ? resolve() : reject(error))),
    );
  }

  /** A descriptor of the file the path names now. */
  private descriptor(): number {
    if (this.closed) throw new Error('the database is closed');
    const named = statSync(this.walPath);
    if (this.held?.dev === named.dev && this.held.ino === named.ino) return this.held.fd;
    this.release();
    const fd = openSync(this.walPath, 'r+');
    const opened = fstatSync(fd);
    this.held = { fd, dev: opened.dev, ino: opened.ino };
    return fd;
  }
}
