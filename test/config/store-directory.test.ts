/**
 * check-config names store.path when banbridge could not write its store: run as an
 * unprivileged user (nobody, via util-linux setpriv: no user is created), since root may
 * write anywhere that is not mounted read-only.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithDaemons, run, tempDir } from '../helpers/daemons.js';
import { CLI, ROOT } from '../helpers/spawn-banbridge.js';
import { asUser } from '../helpers/as-user.js';

const NOBODY = 65534;

function checkConfigAsNobody(config: string) {
  const command = [process.execPath, '--import', 'tsx', CLI, 'check-config', '--config', config];
  return run(...asUser({ uid: NOBODY, gid: NOBODY }, command), { cwd: ROOT, timeoutMs: 60_000 });
}

describeWithDaemons('check-config: the store directory', ['setpriv'], () => {
  const tmp = tempDir('bb-store-dir');
  afterAll(() => tmp.cleanup());
  chmodSync(tmp.dir, 0o755);
  const config = (name: string, storePath: string) => {
    const file = join(tmp.dir, `${name}.yaml`);
    writeFileSync(
      file,
      `users:\n  - { name: graylog, role: reporter, token: "0123456789abcdef0123" }\nstore: { path: ${storePath} }\n`,
      { mode: 0o644 },
    );
    return file;
  };

  it('a store under a directory the user may not write: store.path is named, with the fix', () => {
    const readOnly = join(tmp.dir, 'etc-banbridge');
    mkdirSync(readOnly, { mode: 0o755 });
    // the default ./data/banbridge.db next to a config in /etc/banbridge, as the issue found
    const r = checkConfigAsNobody(config('ro', join(readOnly, 'data', 'banbridge.db')));
    expect(r.code, r.stdout + r.stderr).not.toBe(0);
    expect(r.stderr).toContain(
      `store.path: parent directory ${readOnly} is not writable by this user (EACCES); set store.path to a file in a directory banbridge may write, e.g. /var/lib/banbridge/banbridge.db`,
    );
  });

  it('a store file that exists but is not writable is named too', () => {
    const dir = join(tmp.dir, 'shared');
    mkdirSync(dir, { mode: 0o777 });
    chmodSync(dir, 0o777);
    const db = join(dir, 'banbridge.db');
    writeFileSync(db, '', { mode: 0o644 });
    const r = checkConfigAsNobody(config('file', db));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      `store.path: store file ${db} is not writable by this user (EACCES)`,
    );
  });

  it('a writable directory passes', () => {
    const dir = join(tmp.dir, 'var-lib');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const r = checkConfigAsNobody(config('ok', join(dir, 'banbridge.db')));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('valid');
  });
});
