import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { loadConfigText } from '../../src/config/load.js';
import { formatProblem } from '../../src/config/problems.js';
import { captureIo } from '../helpers/capture-io.js';

const dir = mkdtempSync(join(tmpdir(), 'banbridge-storecfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const USERS = [{ name: 'admin', role: 'admin', token: 'admin-token-0123456789abcdef' }];
const URL_WITH_PW = 'postgres://banbridge:s3cret-pg-pw@db.example:5432/banbridge';

function load(store: Record<string, unknown> | undefined, env: Record<string, string> = {}) {
  const doc = stringify({ users: USERS, ...(store === undefined ? {} : { store }) });
  return loadConfigText(doc, env, dir);
}

describe('store config: store.path or store.url, exactly one', () => {
  it('defaults to the SQLite file ./data/banbridge.db beside the config', () => {
    const r = load(undefined);
    expect(r.ok && r.config.store).toEqual({
      path: join(dir, 'data/banbridge.db'),
      audit_retention: '365d',
    });
  });

  it('takes the PostgreSQL URL from url, url_env or url_file', () => {
    const file = join(dir, 'pg.url');
    writeFileSync(file, `${URL_WITH_PW}\n`);
    for (const [store, env] of [
      [{ url: URL_WITH_PW }, {}],
      [{ url_env: 'BANBRIDGE_STORE_URL' }, { BANBRIDGE_STORE_URL: URL_WITH_PW }],
      [{ url_file: file }, {}],
    ] as const) {
      const r = load(store, env);
      expect(r.ok && r.config.store.url, JSON.stringify(store)).toBe(URL_WITH_PW);
      expect(r.ok && r.config.store.path).toBeUndefined();
    }
  });

  it('refuses both, and a URL that is not postgres://, naming the key', () => {
    const both = load({ path: './x.db', url: URL_WITH_PW });
    expect(both.ok ? [] : both.problems.map(formatProblem)).toEqual([
      'store: give either store.path (SQLite) or store.url (PostgreSQL), not both',
    ]);
    const wrong = load({ url: 'mysql://db/banbridge' });
    expect(wrong.ok ? [] : wrong.problems.map(formatProblem)).toEqual([
      'store.url: must be a URL such as postgres://banbridge@db.example:5432/banbridge',
    ]);
    const unset = load({ url_env: 'NOPE' });
    expect(unset.ok ? [] : unset.problems.map(formatProblem)).toEqual([
      'store.url_env: environment variable NOPE is not set or empty',
    ]);
  });

  it('show-config and check-config never print the database password', async () => {
    const file = join(dir, 'pg.yaml');
    writeFileSync(file, stringify({ users: USERS, store: { url: URL_WITH_PW } }));
    for (const command of ['show-config', 'check-config']) {
      const io = captureIo(dir);
      expect(await runCli([command, '--config', file], io)).toBe(0);
      expect(io.out).toContain('db.example:5432/banbridge');
      expect(io.out + io.err).not.toContain('s3cret-pg-pw');
    }
  });
});
