import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ConfigProblem } from './problems.js';

/**
 * The SQLite store needs to write its file and, beside it, the `-wal` and `-shm` files
 * (SQLite WAL mode), so the directory must be writable; a missing directory is created at
 * start, so then its nearest existing parent must be. access(2) also reports a read-only
 * mount (EROFS), e.g. /etc under systemd's ProtectSystem=strict.
 */
export function checkStoreDirectory(store: { path?: string }): ConfigProblem[] {
  const path = store.path;
  if (path === undefined || path === ':memory:') return [];
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const problems: ConfigProblem[] = [];
  const writable = (target: string, what: string) => {
    try {
      accessSync(target, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      problems.push({
        path: 'store.path',
        message: `${what} ${target} is not writable by this user (${code}); set store.path to a file in a directory banbridge may write, e.g. /var/lib/banbridge/banbridge.db`,
      });
    }
  };
  writable(dir, dir === dirname(path) ? 'directory' : 'parent directory');
  if (problems.length === 0 && existsSync(path)) writable(path, 'store file');
  return problems;
}
