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
export const STOCK_FAIL2BAN = '/etc/fail2ban';

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
  for (const rel of shippedFail2banFiles())
    copyFileSync(join(SHIPPED_FAIL2BAN, rel), join(conf, rel));

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

  const client = findProgram('fail2ban-client') ?? 'fail2ban-client';
  return {
    conf,
    spool: join(root, 'spool'),
    socket,
    pidfile,
    logfile,
    client: (args) => runAsync(client, ['-c', conf, ...args]),
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
