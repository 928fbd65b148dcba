import Database from 'better-sqlite3';
import { BanbridgeError } from '../core/errors.js';

export interface ServeLock {
  readonly path: string;
  release(): void;
}

/**
 * Makes sure only one `serve` uses a store: an exclusive SQLite lock on a companion file
 * (`<store>.serve-lock`), held for the life of the process. Reliable where a PID file is not:
 * the lock is a POSIX advisory lock (fcntl) that the kernel drops when the process ends,
 * SIGKILL included, so a crash never leaves a stale lock; and SQLite tracks its locks per
 * inode within a process, so two stores in one process conflict too (SQLite os_unix.c,
 * "locking_mode=EXCLUSIVE" keeps the lock after the first write until the connection closes).
 * The store file itself is not locked, so the CLI keeps working next to a running serve.
 * Not reliable on network file systems whose fcntl locks are not enforced (NFS without lockd).
 */
export function acquireServeLock(storePath: string): ServeLock {
  const path = `${storePath}.serve-lock`;
  const db = new Database(path);
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since INTEGER NOT NULL)');
    db.transaction(() => {
      db.exec('DELETE FROM holder');
      db.prepare('INSERT INTO holder (pid, since) VALUES (?, ?)').run(process.pid, Date.now());
    }).exclusive();
  } catch (error) {
    db.close();
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new BanbridgeError(
        'STORE_LOCKED',
        `another banbridge serve is already using the store ${storePath} (it holds ${path}); ` +
          'stop it first, or give this one its own store.path — two services on one store ' +
          'would both drive the routers',
      );
    }
    throw error;
  }
  return { path, release: () => db.close() };
}
