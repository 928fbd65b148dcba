import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, loadConfigText } from '../../src/config/load.js';
import { formatProblem } from '../../src/config/problems.js';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/capture-io.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => join(here, '..', 'fixtures', 'config', name);
const root = join(here, '..', '..');
/** A file that exists, for keys that must name a readable file. */
const thisFile = fileURLToPath(import.meta.url);

function problems(name: string, env: Record<string, string> = {}): string[] {
  const result = loadConfigFile(fixture(name), env);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('config loading', () => {
  it('fills every default for a minimal config and freezes it', () => {
    const result = loadConfigFile(fixture('valid-minimal.yaml'), {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.listen).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      body_limit: '256kb',
    });
    expect(result.config.policy).toMatchObject({
      ban_time: '24h',
      ipv6_prefix: 64,
      escalation: { factor: 2, window: '30d' },
    });
    expect(result.config.sources.graylog.ip_fields).toContain('src_ip');
    expect(Object.isFrozen(result.config.policy.escalation)).toBe(true);
  });

  it('names a router port out of range by its key path', () => {
    expect(problems('bad-router-port.yaml')).toEqual([
      'routers[0].port: must be an integer from 1 to 65535',
    ]);
  });

  it('reports unknown keys at any depth', () => {
    expect(problems('unknown-keys.yaml').sort()).toEqual([
      'polcy: unknown key; did you mean policy?',
      'users[0].colour: unknown key (check spelling; see banbridge.example.yaml)',
    ]);
  });

  it('names every problem of a broken config at once, schema and semantic', () => {
    const found = problems('many-problems.yaml');
    expect(found).toEqual(
      expect.arrayContaining([
        'listen.port: must be an integer from 0 to 65535 (0: any free port)',
        'users[0].role: must be reporter or admin',
        'routers[0].entry_mode: must be dynamic or static',
        'policy.ban_time: must be a duration such as 30s, 10m, 24h or 1w2d',
        // ... and, in the same run, what the schema cannot say
        'users[1].name: "graylog" is already used by users[0]',
        'routers[0].password_env: environment variable NOT_SET_ANYWHERE_BB is not set or empty',
        'routers[1].password: give only one of password, password_file',
      ]),
    );
    expect(found.some((p) => p.startsWith('policy.allowlist[0]:'))).toBe(true);
    // a key the schema already refused is not reported twice
    expect(found.filter((p) => p.startsWith('policy.ban_time'))).toHaveLength(1);
  });

  it('then names semantic problems: duplicates, missing secrets, env, allowlist', () => {
    const text = readFileSync(fixture('many-problems.yaml'), 'utf8')
      .replace('port: "eighty"', 'port: 8080')
      .replace('role: boss', 'role: reporter')
      .replace('entry_mode: sometimes', 'entry_mode: static')
      .replace('ban_time: forever', 'ban_time: 1h');
    const result = loadConfigText(text, {}, here);
    expect(result.ok).toBe(false);
    const found = result.ok ? [] : result.problems.map(formatProblem);
    expect(found).toEqual(
      expect.arrayContaining([
        'users[1].name: "graylog" is already used by users[0]',
        'users[1]: needs a password or a token (password, password_env, password_file, token, token_env or token_file)',
        'routers[0].password_env: environment variable NOT_SET_ANYWHERE_BB is not set or empty',
        'routers[1].password: give only one of password, password_file',
      ]),
    );
    expect(found.some((p) => p.startsWith('policy.allowlist[0]:'))).toBe(true);
  });

  it('names contradicting router TLS settings', () => {
    const router = (tls: string) =>
      `users: [{ name: ops, role: admin, token: "tok-0123456789abcdef" }]\n` +
      `routers: [{ name: edge1, host: 127.0.0.1, username: u, password: p, ${tls} }]\n`;
    const found = (tls: string) => {
      const result = loadConfigText(router(tls), {}, here);
      return result.ok ? [] : result.problems.map(formatProblem);
    };
    expect(found(`tls: true, fingerprint: "${'ab'.repeat(32)}"`)).toEqual([]);
    expect(found(`tls: true, fingerprint: "${'ab'.repeat(32)}", ca_file: ${thisFile}`)).toEqual([
      'routers[0].fingerprint: give only one of ca_file (check the chain) and fingerprint (pin the certificate)',
    ]);
    expect(found(`tls: true, tls_insecure: true, ca_file: ${thisFile}`)).toEqual([
      'routers[0].tls_insecure: contradicts ca_file/fingerprint; remove one',
    ]);
    expect(found(`fingerprint: "${'ab'.repeat(32)}"`)).toEqual([
      'routers[0].tls: must be true when ca_file, fingerprint or tls_insecure is set',
    ]);
  });

  it('names files it cannot read (TLS certificate, key, router CA)', () => {
    const found = problems('missing-files.yaml');
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(
      /^listen\.tls\.cert_file: cannot read .*no-such-cert\.pem \(ENOENT\)$/,
    );
    expect(found[1]).toMatch(/^listen\.tls\.key_file: cannot read .*no-such-key\.pem \(ENOENT\)$/);
    expect(found[2]).toBe('routers[0].ca_file: cannot read /nonexistent/ca.pem (ENOENT)');
  });

  it('refuses durations that would make serve spin or fail, and reserved user names', () => {
    expect(problems('bad-durations.yaml').sort()).toEqual(
      [
        'policy.allowlist_refresh: must be at least 10s',
        'policy.escalation.window: "999999999999999999w" is too long a duration',
        'routers[0].command_timeout: must be at least 1s',
        'routers[0].connect_timeout: must be at least 1s',
        'store.audit_retention: must be at least 1d',
        'users[1].name: "cli" is reserved (banbridge records its own actions under it); choose another name',
        'users[1].password: must be at least 8 characters',
        'worker.retry_base: must be at least 100ms',
      ].sort(),
    );
  });

  it('checks limits across keys', () => {
    expect(problems('ban-time-over-max.yaml')).toEqual([
      'policy.ban_time: must not exceed policy.max_ban_time (1w)',
    ]);
  });

  it('reports YAML syntax errors with a line', () => {
    expect(problems('yaml-syntax.yaml')[0]).toMatch(/^YAML syntax error at line \d+/);
  });

  it('resolves secrets from the environment and from files', () => {
    const result = loadConfigFile(fixture('secrets-from-env-and-file.yaml'), {
      BB_TEST_TOKEN: 'env-token-0123456789abcdef',
      BB_TEST_ROUTER_PW: 'router-pw',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.users[0]?.token).toBe('env-token-0123456789abcdef');
    expect(result.config.users[1]?.token).toBe('file-token-0123456789abcdef');
    expect(result.config.routers[0]).toMatchObject({
      password: 'router-pw',
      port: 8728,
      tls: false,
    });
    expect(result.config.routers[0]).not.toHaveProperty('password_env');
  });

  it('the example config with every key is valid against the schema', () => {
    const result = loadConfigFile(join(root, 'banbridge.example.yaml'), {
      BANBRIDGE_GRAYLOG_TOKEN: 'graylog-token-0123456789',
      BANBRIDGE_WEB01_PASSWORD: 'web01-password',
      BANBRIDGE_EDGE1_PASSWORD: 'pw',
    });
    // token_file points at /etc/banbridge/admin.token, which a test machine lacks: that must be
    // the only problem.
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'users[2].token_file: cannot read /etc/banbridge/admin.token (ENOENT)',
    ]);
  });

  it("the example's Graylog overrides name event definitions the shipped packs have", () => {
    // install.sh copies the example into /etc: an override matching nothing would never apply.
    const example = parse(readFileSync(join(root, 'banbridge.example.yaml'), 'utf8')) as {
      sources: { graylog: { overrides: { match: string }[] } };
    };
    const titles = ['banbridge.json', 'banbridge-v2-graylog6.json'].flatMap((file) =>
      (
        JSON.parse(readFileSync(join(root, 'graylog-content-pack', file), 'utf8')) as {
          entities: { type: { name: string }; data: { title?: { '@value': string } } }[];
        }
      ).entities
        .filter((e) => e.type.name === 'event_definition')
        .map((e) => e.data.title?.['@value']),
    );
    const matches = example.sources.graylog.overrides.map((o) => o.match);
    expect(matches.length).toBeGreaterThan(0);
    for (const match of matches) expect(titles).toContain(match);
  });
});

describe('check-config and show-config commands', () => {
  it('check-config exits 0 for a valid file and 1 listing each problem', async () => {
    const ok = captureIo(root);
    expect(await runCli(['check-config', '--config', fixture('valid-minimal.yaml')], ok)).toBe(0);
    expect(ok.out).toContain('valid');
    const bad = captureIo(root);
    expect(await runCli(['check-config', '--config', fixture('many-problems.yaml')], bad)).toBe(1);
    expect(bad.err).toContain('routers[0].entry_mode: must be dynamic or static');
    expect(bad.err).toContain('users[0].role: must be reporter or admin');
  });

  it('check-config finds the file through BANBRIDGE_CONFIG', async () => {
    const io = captureIo(root, { BANBRIDGE_CONFIG: fixture('bad-router-port.yaml') });
    expect(await runCli(['check-config'], io)).toBe(1);
    expect(io.err).toContain('routers[0].port: must be an integer from 1 to 65535');
  });

  it('show-config prints the effective config with secrets redacted', async () => {
    const io = captureIo(root, {
      BB_TEST_TOKEN: 'env-token-0123456789abcdef',
      BB_TEST_ROUTER_PW: 'router-pw-secret',
    });
    expect(
      await runCli(['show-config', '--config', fixture('secrets-from-env-and-file.yaml')], io),
    ).toBe(0);
    expect(io.out).toContain('ban_time: 24h');
    expect(io.out).toContain('token: "***"');
    expect(io.out).not.toContain('router-pw-secret');
    expect(io.out).not.toContain('env-token-0123456789abcdef');
    expect(io.out).not.toContain('file-token-0123456789abcdef');
  });
});
