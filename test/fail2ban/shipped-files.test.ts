/**
 * The shipped fail2ban files are code and are tested like code: fail2ban's own anatomy, and the real
 * fail2ban 1.0.x accepts them on top of the stock Debian tree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithDaemons, packageVersion, tempDir } from '../helpers/daemons.js';
import { makeFail2banConf, SHIPPED_FAIL2BAN, shippedFail2banFiles } from './conf-dir.js';

const read = (rel: string): string => readFileSync(join(SHIPPED_FAIL2BAN, rel), 'utf8');

it('ships an action, example jails and the MikroTik filters, each with a README-documented place', () => {
  expect(shippedFail2banFiles()).toEqual([
    'action.d/banbridge-report.sh',
    'action.d/banbridge.conf',
    'filter.d/mikrotik-ipsec.conf',
    'filter.d/mikrotik-login.conf',
    'jail.d/banbridge.local',
  ]);
  const readme = read('README.md');
  for (const rel of shippedFail2banFiles()) expect(readme).toContain(rel);
});

it('action.d/banbridge.conf follows fail2ban anatomy: header, [INCLUDES], [Definition], [Init], Option/Notes/Values', () => {
  const text = read('action.d/banbridge.conf');
  expect(text.startsWith('# Fail2Ban configuration file\n')).toBe(true);
  const sections = [...text.matchAll(/^\[(\w+)\]$/gm)].map((m) => m[1]);
  expect(sections).toEqual(['INCLUDES', 'Definition', 'Init']);
  for (const option of [
    'actionstart',
    'actionstop',
    'actioncheck',
    'actionflush',
    'actionban',
    'actionunban',
  ]) {
    expect(text, option).toMatch(
      new RegExp(`# Option:  ${option}\\n# Notes\\.:[^]*?# Values:[^\\n]*\\n#\\n${option} =`),
    );
  }
  for (const option of [
    'banbridge_url',
    'credentials_file',
    'host',
    'spool_dir',
    'budget_ms',
    'retry_after',
    'max_queued',
  ]) {
    expect(text, option).toMatch(new RegExp(`# Option:  [^\\n]*\\b${option}\\b`));
  }
});

it('the action never puts a secret on the command line and never unbans network-wide on stop', () => {
  const text = read('action.d/banbridge.conf');
  const definition = text.slice(text.indexOf('\n[Definition]\n'), text.indexOf('\n[Init]\n'));
  const commands = definition.split('\n').filter((l) => /^(action\w+|_report) =/.test(l));
  for (const line of commands) {
    expect(line).not.toMatch(/\s(-u|--user|-H|--header|--oauth2-bearer)\s/);
    expect(line).not.toMatch(/password|token/i);
  }
  expect(definition).toMatch(/^_report = sh "<report_script>" .*--credentials "<credentials_file>"/m);
  // ... and the helper hands the file to curl, which reads the credential itself
  expect(read('action.d/banbridge-report.sh')).toMatch(/curl .*\\\n.*\\\n\s+--config "\$credentials"/);
  // Empty actionflush would make fail2ban call actionunban per address on stop.
  expect(definition).toMatch(/^actionflush = true$/m);
  expect(definition).toMatch(/^actionstop =$/m);
  expect(definition).not.toMatch(/^norestored\s*=\s*1/m);
});

it('the filters follow fail2ban anatomy and point at their annotated sample logs', () => {
  for (const name of ['mikrotik-login', 'mikrotik-ipsec']) {
    const text = read(`filter.d/${name}.conf`);
    expect(text).toMatch(/^# Fail2Ban filter for /);
    expect([...text.matchAll(/^\[(\w+)\]$/gm)].map((m) => m[1])).toEqual([
      'INCLUDES',
      'Definition',
    ]);
    expect(text).toMatch(/^failregex = /m);
    expect(text).toMatch(/^ignoreregex =/m);
    expect(text).toMatch(/^datepattern = \{\^LN-BEG\}$/m);
    expect(text).toContain(`tests/files/logs/${name}`);
    expect(readFileSync(join(SHIPPED_FAIL2BAN, 'tests/files/logs', name), 'utf8')).toMatch(
      /^# failJSON: /m,
    );
  }
});

describeWithDaemons(
  'fail2ban accepts the shipped files',
  ['fail2ban-client', 'fail2ban-server'],
  () => {
    const tmp = tempDir('bb-f2b-t');
    afterAll(() => tmp.cleanup());

    it(`fail2ban-client -t and -d on the stock tree plus every shipped file (fail2ban ${packageVersion('fail2ban')})`, async () => {
      const dir = tmp.dir;
      // The example enables sshd and recidive on /var/log paths and leaves the MikroTik jails
      // off; point the logs into the test dir (fail2ban requires them to exist) and switch
      // everything on, so that -t checks every jail, filter and action.
      const logs: [string, string][] = [
        ['sshd', 'auth.log'],
        ['recidive', 'fail2ban-recidive.log'],
        ['mikrotik-login', 'mikrotik.log'],
        ['mikrotik-ipsec', 'mikrotik.log'],
      ];
      for (const [, log] of logs) writeFileSync(join(dir, log), '');
      const f2b = makeFail2banConf(dir, {
        jailsLocal: logs
          .map(
            ([jail, log]) =>
              `[${jail}]\nenabled = true\nbackend = polling\nlogpath = ${join(dir, log)}\n`,
          )
          .join('\n'),
      });
      const t = await f2b.client(['-t']);
      expect(t.stdout + t.stderr).toContain('OK: configuration test is successful');
      expect(t.code).toBe(0);

      const dump = await f2b.client(['-d']);
      expect(dump.code).toBe(0);
      for (const [jail] of logs)
        expect(dump.stdout).toContain(`['set', '${jail}', 'addaction', 'banbridge']`);
      // The rendered command: helper, URL, spool, credentials file; fail2ban's ticket tags
      // are left for run time.
      const helper = `sh "${join(f2b.conf, 'action.d/banbridge-report.sh')}" --url "http://127.0.0.1:8080" --credentials "/etc/fail2ban/banbridge.credentials" --spool "${f2b.spool}" --budget-ms 1500 --connect-timeout 1 --retry-after 30 --max-queued 10000`;
      const ban = `${helper} ban "ip=<ip>" "jail=sshd" "host=<fq-hostname>" "bantime=<bantime>" "failures=<failures>" "restored=<restored>"`;
      expect(dump.stdout).toContain(`['actionban', '${ban}']`);
      // bantime.increment raises a ban after actionban ran: the same report, raised bantime.
      expect(dump.stdout).toContain(`['actionprolong', '${ban}']`);
      expect(dump.stdout).toContain(
        `${helper} unban "ip=<ip>" "jail=sshd" "host=<fq-hostname>" "time=<time>" "bantime=<bantime>"`,
      );
    });
  },
);
