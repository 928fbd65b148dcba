/**
 * A private fail2ban configuration directory: a copy of the stock Debian tree
 * plus the project's shipped files, with socket, pid file, log and database inside the test
 * dir. Nothing under /etc is touched.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findProgram, run, runAsync, type RunResult } from '../helpers/daemons.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHIPPED_FAIL2BAN = join(REPO_ROOT, 'fail2ban');
/**
 * Another fail2ban version, from its source tree, instead of the Debian package: set
 * FAIL2BAN_SRC (and PYTHONPATH) to e.g. an unpacked fail2ban 1.1.0, and FAIL2BAN_PYTHON to the
 * interpreter it needs (default Debian's /usr/bin/python3; 0.11 needs Python < 3.10) — used by
 * hand to check the action against versions Debian 12 does not ship (fail2ban/README.md).
 */
const FAIL2BAN_SRC = process.env.FAIL2BAN_SRC;
export const STOCK_FAIL2BAN = FAIL2BAN_SRC === undefined ? '/etc/fail2ban' : join(FAIL2BAN_SRC, 'config');

/** How to run a fail2ban program: the installed one, or FAIL2BAN_SRC's with Debian's python3. */
export function fail2banProgram(name: 'fail2ban-client' | 'fail2ban-server'): [string, string[]] {
  if (FAIL2BAN_SRC !== undefined)
    return [process.env.FAIL2BAN_PYTHON ?? '/usr/bin/python3', [join(FAIL2BAN_SRC, 'bin', name)]];
  return [findProgram(name) ?? name, []];
}

export interface Fail2banConf {
  conf: string;
  /** The action's spool_dir (queue/ and rejected/ inside). */
  spool: string;
  socket: string;
  pidfile: string;
  logfile: string;
  /** `fail2ban-client -c conf …`, asynchronous (see runAsync). */
  client(args: readonly string[]): Promise<RunResult>;
}

/** Every shipped file, relative to fail2ban/ (action.d/…, filter.d/…, jail.d/…). */
export function shippedFail2banFiles(): string[] {
  const out: string[] = [];
  for (const sub of ['action.d', 'filter.d', 'jail.d']) {
    for (const name of readdirSync(join(SHIPPED_FAIL2BAN, sub))) out.push(`${sub}/${name}`);
  }
  return out.sort();
}

export function makeFail2banConf(
  root: string,
  opts: { loglevel?: string; dbfile?: string; jailsLocal?: string; actionLocal?: string } = {},
): Fail2banConf {
  const conf = join(root, 'conf');
  const runDir = join(root, 'run');
  mkdirSync(conf, { recursive: true });
  mkdirSync(runDir, { recursive: true });
  const cp = run('cp', ['-a', `${STOCK_FAIL2BAN}/.`, `${conf}/`]);
  if (cp.code !== 0) throw new Error(`copying ${STOCK_FAIL2BAN}: ${cp.stderr}`);
  // Debian's jail.d/defaults-debian.conf enables [sshd] on /var/log/auth.log, which a CI box
  // may lack (fail2ban-client -t then fails: "Have not found any log file for sshd jail").
  rmSync(join(conf, 'jail.d/defaults-debian.conf'), { force: true });
  for (const rel of shippedFail2banFiles()) {
    mkdirSync(dirname(join(conf, rel)), { recursive: true }); // a source tree has no jail.d/
    copyFileSync(join(SHIPPED_FAIL2BAN, rel), join(conf, rel));
  }

  const socket = join(runDir, 'fail2ban.sock');
  const pidfile = join(runDir, 'fail2ban.pid');
  const logfile = join(root, 'fail2ban.log');
  writeFileSync(
    join(conf, 'fail2ban.local'),
    [
      '[DEFAULT]',
      `loglevel  = ${opts.loglevel ?? 'INFO'}`,
      `logtarget = ${logfile}`,
      `socket    = ${socket}`,
      `pidfile   = ${pidfile}`,
      `dbfile    = ${opts.dbfile ?? ':memory:'}`,
      '[Definition]',
      'allowipv6 = auto',
      '',
    ].join('\n'),
  );
  if (opts.jailsLocal !== undefined)
    writeFileSync(join(conf, 'jail.d/zz-test.local'), opts.jailsLocal);
  // The action's helper and spool live in the test dir (defaults: /etc/fail2ban/action.d,
  // /var/lib/fail2ban/banbridge); opts.actionLocal adds to the same [Init].
  writeFileSync(
    join(conf, 'action.d/banbridge.local'),
    [
      '[Init]',
      `report_script = ${join(conf, 'action.d/banbridge-report.sh')}`,
      `spool_dir = ${join(root, 'spool')}`,
      (opts.actionLocal ?? '').replace(/^\[Init\]\n/, ''),
    ].join('\n'),
  );

  const [client, prefix] = fail2banProgram('fail2ban-client');
  return {
    conf,
    spool: join(root, 'spool'),
    socket,
    pidfile,
    logfile,
    client: (args) => runAsync(client, [...prefix, '-c', conf, ...args]),
  };
}

/** `Nov 30 01:16:52` in local time, as sshd lines in auth.log carry it. */
export function syslogTime(d = new Date()): string {
  const month = d.toLocaleString('en-US', { month: 'short' });
  const day = String(d.getDate()).padStart(2, ' ');
  const hms = [d.getHours(), d.getMinutes(), d.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  return `${month} ${day} ${hms}`;
}
