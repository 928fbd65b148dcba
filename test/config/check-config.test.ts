import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../../src/cli/main.js';
import { didYouMean } from '../../src/config/did-you-mean.js';
import { loadConfigFile } from '../../src/config/load.js';
import { formatProblem } from '../../src/config/problems.js';
import { captureIo } from '../helpers/capture-io.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'config');

describe('check-config (issue 11, item 6 and config errors)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'banbridge-cfg-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (config: Record<string, unknown>): string => {
    const file = join(dir, 'banbridge.yaml');
    writeFileSync(file, stringify({ store: { path: join(dir, 'b.db') }, ...config }));
    return file;
  };
  const check = async (file: string) => {
    const io = captureIo(dir);
    const code = await runCli(['check-config', '--config', file], io);
    return { code, out: io.out, err: io.err };
  };
  const tokenUser = (tokenFile: string) => ({
    users: [{ name: 'admin', role: 'admin', token_file: tokenFile }],
  });

  it('ipv6_prefix wider than min_cidr_v6 is an error naming both keys', async () => {
    const result = await check(
      write({
        users: [{ name: 'admin', role: 'admin', token: 'admin-token-0123456789abcdef' }],
        policy: { ipv6_prefix: 48, min_cidr_v6: 56 },
      }),
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain('policy.ipv6_prefix: /48 is wider than policy.min_cidr_v6 (/56)');
  });

  it('a secret file others can read or write is a warning; the config stays valid', async () => {
    const token = join(dir, 'admin.token');
    writeFileSync(token, 'admin-token-0123456789abcdef\n');
    chmodSync(token, 0o644);
    const readable = await check(write(tokenUser(token)));
    expect(readable.code).toBe(0);
    expect(readable.err).toContain(
      'warning: users[0].token_file: file ' + token + ' is readable by others (mode 644)',
    );
    chmodSync(token, 0o660);
    expect((await check(write(tokenUser(token)))).err).toContain('writable by its group or others');
    chmodSync(token, 0o640);
    const tight = await check(write(tokenUser(token)));
    expect(tight.code).toBe(0);
    expect(tight.err).toBe('');
  });

  it('a token that looks typed, not generated, is a warning naming the key, never the token', async () => {
    const typed = await check(
      write({ users: [{ name: 'graylog', role: 'reporter', token: '0000000000000000' }] }),
    );
    expect(typed.code).toBe(0);
    expect(typed.err).toContain('warning: users[0].token: has only 1 different character(s)');
    expect(typed.err).not.toContain('0000000000000000');
    const random = await check(
      write({ users: [{ name: 'graylog', role: 'reporter', token: '9f2c41ab07d3e865' }] }),
    );
    expect(random).toMatchObject({ code: 0, err: '' });
  });

  it('a multi-line secret file is an error naming the key, never quoting the secret', async () => {
    const token = join(dir, 'admin.token');
    writeFileSync(token, 'admin-token-0123456789abcdef\nsecond-line-secret\n', { mode: 0o600 });
    const result = await check(write(tokenUser(token)));
    expect(result.code).toBe(1);
    expect(result.err).toContain('users[0].token_file: file');
    expect(result.err).toContain('more than one line');
    expect(result.err).not.toContain('second-line-secret');
  });

  it('a YAML syntax error is reported once, with line, column and the offending line', () => {
    const result = loadConfigFile(join(fixtures, 'yaml-syntax.yaml'), {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    const text = formatProblem(result.problems[0] as never);
    const lines = readFileSync(join(fixtures, 'yaml-syntax.yaml'), 'utf8').split('\n');
    expect(text).toMatch(/^YAML syntax error at line 3, column 1: /);
    expect(text).toContain(`3 | ${lines[2]}`);
    expect(text.split('\n').at(-1)).toMatch(/\|\s\^$/);
  });

  it('a YAML syntax error on a secret line never prints the secret', () => {
    const file = join(dir, 'broken-secret.yaml');
    writeFileSync(
      file,
      'users:\n  - name: admin\n    role: admin\n    password: LeakYamlPassw0rd2: x\n',
    );
    const result = loadConfigFile(file, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = formatProblem(result.problems[0] as never);
    expect(text).toMatch(/^YAML syntax error at line 4/);
    expect(text).toContain('4 |     password: ***');
    expect(text).not.toContain('LeakYamlPassw0rd2');
  });

  it('nor a secret after a comma in its value, nor under a quoted key', () => {
    for (const [line, secret] of [
      ['    token: "abc,S3cretTokenValue123" x', 'S3cretTokenValue123'],
      ['    "token": S3cretTokenValue456: x', 'S3cretTokenValue456'],
      ["    'password': LeakYamlPassw0rd3: x", 'LeakYamlPassw0rd3'],
    ] as const) {
      const file = join(dir, 'broken-secret-2.yaml');
      writeFileSync(file, `users:\n  - name: admin\n    role: admin\n${line}\n`);
      const result = loadConfigFile(file, {});
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const text = formatProblem(result.problems[0] as never);
      expect(text, line).toMatch(/^YAML syntax error at line 4/);
      expect(text, line).not.toContain(secret);
    }
  });

  it('an unknown key gets a did-you-mean when a known key is close', () => {
    const file = write({ polcy: { ban_time: '1h' }, listen: { prot: 8080 } });
    const result = loadConfigFile(file, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const found = result.problems.map(formatProblem);
    expect(found).toContain('polcy: unknown key; did you mean policy?');
    expect(found).toContain('listen.prot: unknown key; did you mean port?');
  });

  it('didYouMean stays silent for keys that are not close', () => {
    expect(didYouMean('colour', ['name', 'role', 'token'])).toBeUndefined();
    expect(didYouMean('tiemout', ['timeout', 'time'])).toBe('timeout');
  });
});
