import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConfigProblem } from './problems.js';

type Bag = Record<string, unknown>;

/**
 * Resolves `x`, `x_env: VAR` or `x_file: PATH` into `x` on one object, in place. Exactly one
 * form may be given; a relative file path is relative to the config file. File contents are trimmed of one trailing newline (as `echo` writes).
 * Problems never quote the secret, only where it was expected to come from.
 */
export function resolveSecret(
  bag: Bag,
  key: string,
  at: string,
  env: Readonly<Record<string, string | undefined>>,
  found: { problems: ConfigProblem[]; warnings: ConfigProblem[] },
  baseDir: string,
): void {
  const { problems, warnings } = found;
  const forms = [key, `${key}_env`, `${key}_file`].filter((k) => bag[k] !== undefined);
  if (forms.length > 1) {
    problems.push({ path: `${at}.${key}`, message: `give only one of ${forms.join(', ')}` });
    return;
  }
  const envName = bag[`${key}_env`];
  const file = bag[`${key}_file`];
  delete bag[`${key}_env`];
  delete bag[`${key}_file`];
  if (typeof envName === 'string') {
    const value = env[envName];
    if (value === undefined || value === '') {
      problems.push({
        path: `${at}.${key}_env`,
        message: `environment variable ${envName} is not set or empty`,
      });
    } else bag[key] = value;
  } else if (typeof file === 'string') {
    const path = resolve(baseDir, file);
    const fileKey = `${at}.${key}_file`;
    try {
      const value = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
      if (value === '') problems.push({ path: fileKey, message: `file ${file} is empty` });
      else if (/[\r\n]/.test(value)) {
        problems.push({
          path: fileKey,
          message: `file ${file} has more than one line; it must hold the secret alone on one line`,
        });
      } else bag[key] = value;
      const loose = statSync(path).mode & 0o026;
      if (loose !== 0) {
        warnings.push({
          path: fileKey,
          message:
            `file ${file} is ${loose & 0o022 ? 'writable by its group or others' : 'readable by others'} ` +
            `(mode ${(statSync(path).mode & 0o777).toString(8)}); run chmod 600 (or 640 for a service group)`,
        });
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push({ path: `${at}.${key}_file`, message: `cannot read ${file} (${code})` });
    }
  }
}
