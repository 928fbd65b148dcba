/**
 * contrib/install.sh for real, into a temporary filesystem root (--root): nothing on this
 * host changes — the user goes into ROOT/etc/passwd (copied from the host first), the unit is
 * enabled with systemctl --root. Then, as that user (setpriv with its uid/gid, no host
 * account needed): check-config, and `serve` from the installed tree answering /healthz.
 * The installed unit passes `systemd-analyze verify`, and a broken one does not.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithDaemons, run, tempDir, waitFor } from '../helpers/daemons.js';
import { ROOT } from '../helpers/spawn-banbridge.js';
import { asUser } from '../helpers/as-user.js';

const INSTALL = join(ROOT, 'contrib/install.sh');

/** Builds dist/ when it is missing or older than src/ (npm ci builds it via "prepare"). */
function ensureBuilt(): void {
  const main = join(ROOT, 'dist/cli/main.js');
  const newest = (dir: string): number =>
    Math.max(
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
      ),
    );
  if (existsSync(main) && statSync(main).mtimeMs >= newest(join(ROOT, 'src'))) return;
  const r = run('npm', ['run', 'build'], { cwd: ROOT, timeoutMs: 180_000 });
  if (r.code !== 0) throw new Error(`npm run build: ${r.stdout}${r.stderr}`);
}

const mode = (p: string) => (statSync(p).mode & 0o7777).toString(8);
const owner = (p: string) => `${statSync(p).uid}:${statSync(p).gid}`;

describeWithDaemons(
  'contrib/install.sh into a temporary root',
  ['useradd', 'systemctl', 'systemd-analyze', 'setpriv'],
  () => {
    const tmp = tempDir('bb-install');
    const R = tmp.dir;
    let uid = 0;
    let gid = 0;
    let env: string[] = [];
    const hostPasswd = readFileSync('/etc/passwd', 'utf8');
    /**
     * The installed command, its paths moved under R: PREFIX/bin/banbridge is a wrapper that
     * names /usr/local/lib/banbridge and /etc/banbridge (made in beforeAll).
     */
    const command = () => join(R, 'rooted-bin/banbridge');
    /** The installed `banbridge ARGS` as the service user, with the installed secrets. */
    const installed = (args: string[]) => asUser({ uid, gid }, [command(), ...args], env);
    const runAsUser = (args: string[]) => run(...installed(args), { timeoutMs: 60_000 });
    /** The installed config with its absolute paths moved under R. */
    const rootedConfig = (name: string, edit: (text: string) => string = (t) => t) => {
      const file = join(R, 'etc/banbridge', name);
      const text = readFileSync(join(R, 'etc/banbridge/banbridge.yaml'), 'utf8')
        .replaceAll('/var/lib/banbridge/', `${R}/var/lib/banbridge/`)
        .replaceAll('/etc/banbridge/admin.token', `${R}/etc/banbridge/admin.token`);
      writeFileSync(file, edit(text));
      run('chown', [`0:${gid}`, file]);
      run('chmod', ['0640', file]);
      return file;
    };

    beforeAll(() => {
      ensureBuilt();
      chmodSync(R, 0o755); // a root directory: the service user must traverse it
      mkdirSync(join(R, 'etc'), { recursive: true });
      for (const f of ['passwd', 'group', 'shadow', 'gshadow', 'login.defs'])
        copyFileSync(`/etc/${f}`, join(R, 'etc', f));
      const r = run('bash', [INSTALL, '--root', R], { timeoutMs: 300_000 });
      if (r.code !== 0) throw new Error(`install.sh: ${r.stdout}${r.stderr}`);
      const entry = readFileSync(join(R, 'etc/passwd'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith('banbridge:'));
      const fields = entry?.split(':') ?? [];
      uid = Number(fields[2]);
      gid = Number(fields[3]);
      env = readFileSync(join(R, 'etc/banbridge/banbridge.env'), 'utf8')
        .split('\n')
        .filter((l) => /^[A-Z0-9_]+=/.test(l));
      mkdirSync(join(R, 'rooted-bin'), { mode: 0o755 });
      writeFileSync(
        command(),
        readFileSync(join(R, 'usr/local/bin/banbridge'), 'utf8')
          .replaceAll('/usr/local/lib/banbridge/', `${R}/usr/local/lib/banbridge/`)
          .replaceAll('/etc/banbridge/banbridge.env', `${R}/etc/banbridge/banbridge.env`)
          .replaceAll('/etc/banbridge/banbridge.yaml', rootedConfig('default.yaml')),
        { mode: 0o755 },
      );
    }, 400_000);
    afterAll(() => tmp.cleanup());

    it('adds a system user with no login to the root, and none to this host', () => {
      const entry = readFileSync(join(R, 'etc/passwd'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith('banbridge:'));
      expect(entry).toMatch(
        /^banbridge:x:\d+:\d+:[^:]*:\/var\/lib\/banbridge:\/usr\/sbin\/nologin$/,
      );
      expect(uid).toBeGreaterThan(0);
      expect(uid).toBeLessThan(1000); // --system
      expect(readFileSync('/etc/passwd', 'utf8')).toBe(hostPasswd);
    });

    it('puts the command on PATH, the config and secrets root:banbridge 0640, the store dir banbridge-owned', () => {
      const bin = join(R, 'usr/local/bin/banbridge');
      expect(lstatSync(bin).isFile()).toBe(true);
      expect([mode(bin), owner(bin)]).toEqual(['755', '0:0']);
      expect(readFileSync(bin, 'utf8')).toContain(
        'exec node --env-file=/etc/banbridge/banbridge.env "/usr/local/lib/banbridge/bin/banbridge.js" "$@"',
      );
      expect([mode(join(R, 'etc/banbridge')), owner(join(R, 'etc/banbridge'))]).toEqual([
        '750',
        `0:${gid}`,
      ]);
      for (const f of ['banbridge.yaml', 'banbridge.env', 'admin.token']) {
        const p = join(R, 'etc/banbridge', f);
        expect([f, mode(p), owner(p)]).toEqual([f, '640', `0:${gid}`]);
      }
      const state = join(R, 'var/lib/banbridge');
      expect([mode(state), owner(state)]).toEqual(['750', `${uid}:${gid}`]);
      // systemd applies the unit's mode (default 0755) to it at every start: the same one.
      expect(readFileSync(join(R, 'etc/systemd/system/banbridge.service'), 'utf8')).toMatch(
        new RegExp(`^StateDirectoryMode=0${mode(state)}$`, 'm'),
      );
      expect(readFileSync(join(R, 'etc/banbridge/banbridge.yaml'), 'utf8')).toMatch(
        /^ {2}path: \/var\/lib\/banbridge\/banbridge\.db/m,
      );
      // generated secrets, not the example's placeholders
      expect(env.find((l) => l.startsWith('BANBRIDGE_GRAYLOG_TOKEN='))).toMatch(
        /=[A-Za-z0-9]{24,}$/,
      );
      // production dependencies only
      const modules = readdirSync(join(R, 'usr/local/lib/banbridge/node_modules'));
      expect(modules).toEqual(expect.arrayContaining(['better-sqlite3', 'express', 'yaml']));
      expect(modules).not.toContain('vitest');
      expect(existsSync(join(R, 'usr/local/lib/banbridge/LICENSE'))).toBe(true);
    });

    it('installs and enables the unit, which systemd-analyze verify accepts (and a broken one not)', () => {
      const unit = join(R, 'etc/systemd/system/banbridge.service');
      expect(
        readlinkSync(join(R, 'etc/systemd/system/multi-user.target.wants/banbridge.service')),
      ).toBe('/etc/systemd/system/banbridge.service');
      // verify checks that ExecStart exists: point it at the copy under R, nothing else changed
      const dir = join(R, 'verify');
      mkdirSync(dir);
      const text = readFileSync(unit, 'utf8').replaceAll(
        '/usr/local/bin/banbridge',
        join(R, 'usr/local/bin/banbridge'),
      );
      writeFileSync(join(dir, 'banbridge.service'), text);
      const ok = run('systemd-analyze', ['verify', join(dir, 'banbridge.service')]);
      expect(ok.code).toBe(0);
      expect(ok.stdout + ok.stderr).toBe('');
      writeFileSync(
        join(dir, 'broken.service'),
        text.replace('ProtectSystem=strict', 'ProtectSystem=strcit'),
      );
      const bad = run('systemd-analyze', ['verify', join(dir, 'broken.service')]);
      expect(bad.stdout + bad.stderr).toContain('Failed to parse protect system value');
    });

    it('as the service user: check-config passes on the installed config and secrets', () => {
      const r = runAsUser(['check-config', '--config', rootedConfig('rooted.yaml')]);
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(r.stdout).toContain('valid (3 user(s), 1 router(s)');
    });

    it('as the service user: operator commands get the service config and secrets from the command itself', () => {
      // Nothing in the environment, no --config: what an operator types before a restart.
      const bare = run(...asUser({ uid, gid }, [command(), 'check-config']), {
        timeoutMs: 60_000,
      });
      expect(bare.code, bare.stderr + bare.stdout).toBe(0);
      expect(bare.stdout).toContain('valid (3 user(s), 1 router(s)');
      // The program alone (what a symlink on PATH would run) lacks the *_env secrets.
      const program = run(
        ...asUser({ uid, gid }, [
          join(R, 'usr/local/lib/banbridge/bin/banbridge.js'),
          'check-config',
          '--config',
          rootedConfig('rooted.yaml'),
        ]),
        { timeoutMs: 60_000 },
      );
      expect(program.code).not.toBe(0);
      expect(program.stderr).toContain('BANBRIDGE_GRAYLOG_TOKEN');
    });

    it("as root: the command runs as the service user, so a store it creates is the service's", () => {
      // A first `banbridge ban` before the service ever started creates the store: made by
      // root, the service could not write it and would not start.
      const store = join(R, 'var/lib/banbridge/by-root.db');
      const config = rootedConfig('by-root.yaml', (t) =>
        t.replace(`${R}/var/lib/banbridge/banbridge.db`, store),
      );
      const r = run(command(), ['ban', '45.155.205.77', '--config', config], {
        timeoutMs: 60_000,
      });
      expect(r.code, r.stderr + r.stdout).toBe(0);
      expect(owner(store)).toBe(`${uid}:${gid}`);
      const check = run(command(), ['check-config', '--config', config], { timeoutMs: 60_000 });
      expect(check.code, check.stderr).toBe(0);
    });

    it('as the service user: a store outside /var/lib/banbridge is named by check-config', () => {
      // the installed config as it is: /var/lib/banbridge does not exist on this host, and
      // the service user may not create it in /var/lib
      const r = runAsUser([
        'check-config',
        '--config',
        rootedConfig('as-installed.yaml', (t) =>
          t.replace(`${R}/var/lib/banbridge/`, '/var/lib/banbridge/'),
        ),
      ]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(
        'store.path: parent directory /var/lib is not writable by this user',
      );
    });

    it('as the service user: the installed program serves (store in /var/lib/banbridge)', async () => {
      const config = rootedConfig('serve.yaml', (t) =>
        t
          .replace(/^ {2}port: 8080.*$/m, '  port: 0')
          // no router: the dry-run target (tests talk to loopback only)
          .replace(/^routers:[^]*?(?=^policy:)/m, 'routers: []\n\n'),
      );
      const child = spawn(...installed(['serve', '--config', config]), {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      try {
        const url = await waitFor(
          'banbridge listening',
          () => {
            if (child.exitCode !== null) throw new Error(`banbridge exited: ${out}`);
            return /listening on (\S+)/.exec(out)?.[1];
          },
          30_000,
        );
        const res = await fetch(`${url}/healthz`);
        expect(res.status).toBe(200);
        expect(readdirSync(join(R, 'var/lib/banbridge'))).toContain('banbridge.db');
        expect(owner(join(R, 'var/lib/banbridge/banbridge.db'))).toBe(`${uid}:${gid}`);
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }, 60_000);

    it('a second run upgrades the program and keeps the config and secrets', () => {
      const yaml = join(R, 'etc/banbridge/banbridge.yaml');
      writeFileSync(yaml, `${readFileSync(yaml, 'utf8')}# edited by the operator\n`);
      const token = readFileSync(join(R, 'etc/banbridge/admin.token'), 'utf8');
      const r = run('bash', [INSTALL, '--root', R], { timeoutMs: 300_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`kept ${yaml}`);
      expect(readFileSync(yaml, 'utf8')).toContain('# edited by the operator');
      expect(readFileSync(join(R, 'etc/banbridge/admin.token'), 'utf8')).toBe(token);
      expect(readFileSync(join(R, 'etc/passwd'), 'utf8').match(/^banbridge:/gm)).toHaveLength(1);
    }, 300_000);
  },
);

it("node's --env-file takes a single-quoted value verbatim, as banbridge.env advises", () => {
  // systemd.exec(5) (systemd 252) says the same of EnvironmentFile=; this is node's half.
  const tmp = tempDir('bb-envfile');
  try {
    const file = join(tmp.dir, 'test.env');
    writeFileSync(file, `# comment\nSECRET_A='ab#c"d\\e f'\nSECRET_B=ab#c\n`);
    const r = run(process.execPath, [
      `--env-file=${file}`,
      '-p',
      'JSON.stringify([process.env.SECRET_A, process.env.SECRET_B])',
    ]);
    // Quoted: verbatim. Unquoted: node ends the value at #, where systemd would keep it.
    expect(JSON.parse(r.stdout)).toEqual(['ab#c"d\\e f', 'ab']);
  } finally {
    tmp.cleanup();
  }
});

it('the npm pack tarball carries what the install needs', () => {
  const r = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
  const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]?.files.map(
    (f) => f.path,
  );
  expect(files).toEqual(
    expect.arrayContaining([
      'LICENSE',
      'bin/banbridge.js',
      'contrib/install.sh',
      'contrib/banbridge.service',
      'banbridge.example.yaml',
      'fail2ban/action.d/banbridge-report.sh',
      'rsyslog/40-banbridge-mikrotik-server.conf',
      'rsyslog/banbridge-mikrotik.logrotate',
    ]),
  );
});
