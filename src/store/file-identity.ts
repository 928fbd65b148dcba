import { statSync } from 'node:fs';

/** Which file a path names: device and inode (a file replaced by rename gets a new inode). */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

export function fileIdentity(path: string): FileIdentity | undefined {
  try {
    const stat = statSync(path);
    return { dev: stat.dev, ino: stat.ino };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Whether `path` still names the file opened as `opened`. SQLite keeps writing to the file it
 * opened even after it was deleted or replaced (POSIX unlink/rename leave the open inode
 * alive), so without this check every later commit would go to a file nobody will ever open.
 */
function fileChange(path: string, opened: FileIdentity): 'deleted' | 'replaced' | undefined {
  const now = fileIdentity(path);
  if (now === undefined) return 'deleted';
  return now.dev === opened.dev && now.ino === opened.ino ? undefined : 'replaced';
}

/** Why nothing may be written to the store file any more, or undefined while it is the one opened. */
export function movedFileProblem(path: string, opened: FileIdentity): string | undefined {
  const change = fileChange(path, opened);
  if (change === undefined) return undefined;
  return (
    `the store file ${path} was ${change} while banbridge runs; nothing is written ` +
    'until banbridge is restarted (restore the file first if it was removed by mistake)'
  );
}
