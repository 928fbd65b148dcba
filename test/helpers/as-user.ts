import { findProgram } from './daemons.js';

/**
 * `setpriv` (util-linux) and its arguments to run `command` as uid/gid with no supplementary
 * groups and HOME=/tmp: a test can act as an unprivileged user without creating an account.
 */
export function asUser(
  ids: { uid: number; gid: number },
  command: readonly string[],
  env: readonly string[] = [],
): [string, string[]] {
  return [
    findProgram('setpriv') ?? 'setpriv',
    [
      `--reuid=${ids.uid}`,
      `--regid=${ids.gid}`,
      '--clear-groups',
      'env',
      'HOME=/tmp',
      ...env,
      ...command,
    ],
  ];
}
