/**
 * End to end with the real fail2ban-server (foreground, private config dir, loopback only):
 * the shipped action, jails and filters, and the shipped rsyslog server drop-in for the
 * MikroTik chain. The receiving side is `startReportEndpoint` (report-endpoint.ts), the one
 * place to swap for real banbridge + router simulator.
 *
 *   sshd failure lines → ban report        manual banip → ban report, failures=0
 *   RouterOS datagrams → rsyslogd → file → mikrotik-login / mikrotik-ipsec → ban report
 *   unbanip → unban report                 a rejected report → set aside in the spool, no credential logged
 *   stop → no unban report                 restart → restored bans reported restored=1, none new
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithDaemons, packageVersion, tempDir, waitFor } from '../helpers/daemons.js';
import type { Rsyslogd } from '../rsyslog/harness.js';
import { fail2banServer, type Fail2banServer, sendUdp as sendDatagrams, startMikrotikSyslog, testJails } from './chain.js';
import { type Fail2banConf, makeFail2banConf, syslogTime } from './conf-dir.js';
import {
  type ReceivedReport,
  type ReportEndpoint,
  startReportEndpoint,
} from './report-endpoint.js';

const ATTACKER = '203.0.113.5';
const MANUAL = '198.51.100.99';
const MT_LOGIN = '198.51.100.23';
const MT_IPSEC = '198.51.100.24';
const REJECTED = '203.0.113.66';

const isBan =
  (ip: string, extra: (r: ReceivedReport) => boolean = () => true) =>
  (r: ReceivedReport) =>
    r.path === '/v1/fail2ban/ban' && r.fields.ip === ip && extra(r);
const isUnban = (ip: string) => (r: ReceivedReport) =>
  r.path === '/v1/fail2ban/unban' && r.fields.ip === ip;

describeWithDaemons(
  `fail2ban ${packageVersion('fail2ban')} end to end with the shipped action`,
  ['fail2ban-server', 'fail2ban-client', 'rsyslogd', 'curl'],
  () => {
    const tmp = tempDir('bb-f2b-e2e');
    const dir = tmp.dir;
    const authLog = join(dir, 'auth.log');
    const mtLog = join(dir, 'mikrotik.log');
    let endpoint: ReportEndpoint;
    let f2b: Fail2banConf;
    let server: Fail2banServer;
    let rsyslog: Rsyslogd | undefined;
    let mtPort = 0;
    let host = '';
    const startServer = () => server.start();
    const stopServer = () => server.stop();
    const sendUdp = (datagrams: string[]) => sendDatagrams(mtPort, datagrams);

    beforeAll(async () => {
      endpoint = await startReportEndpoint(dir, { rejectIp: (ip) => ip === REJECTED });
      writeFileSync(authLog, '');
      writeFileSync(mtLog, '');

      // The MikroTik chain's rsyslogd: the shipped server drop-in on a loopback port.
      ({ rsyslog, port: mtPort } = await startMikrotikSyslog(dir, mtLog));

      f2b = makeFail2banConf(dir, {
        loglevel: 'DEBUG',
        // A file database, as in production, so that a restart restores bans.
        dbfile: join(dir, 'fail2ban.sqlite3'),
        actionLocal: `[Init]\nbanbridge_url = ${endpoint.url}\ncredentials_file = ${endpoint.credentialsFile}\n`,
        jailsLocal: testJails(authLog, mtLog),
      });
      server = fail2banServer(f2b);
      const dump = await f2b.client(['-d']);
      expect(dump.code).toBe(0);
      expect(dump.stdout).not.toMatch(/iptables|nftables|firewallcmd|shorewall/);
      const ms = await startServer();
      console.info(`[timing] fail2ban-server start to pong: ${ms} ms`);
    }, 60_000);

    afterAll(async () => {
      await server?.stop().catch(() => undefined);
      await rsyslog?.stop();
      await endpoint?.close();
      tmp.cleanup();
    }, 60_000);

    it('sshd failures → one ban report: POST form with ip, jail, host, bantime, failures, restored=0, credential from the file', async () => {
      const t0 = Date.now();
      for (let i = 1; i <= 5; i++) {
        appendFileSync(
          authLog,
          `${syslogTime()} e2ehost sshd[42${i}]: Failed password for root from ${ATTACKER} port 5112${i} ssh2\n`,
        );
      }
      const r = await endpoint.waitForReport(
        'ban report for the sshd attacker',
        isBan(ATTACKER),
        15_000,
      );
      console.info(
        `[timing] sshd: ban report ${r.at - t0} ms after the 5th failure line (backend polling)`,
      );
      expect(r.method).toBe('POST');
      expect(r.path).toBe('/v1/fail2ban/ban');
      expect(r.contentType).toBe('application/x-www-form-urlencoded');
      expect(r.userAgent).toBe('banbridge-fail2ban/1');
      expect(r.authenticated).toBe(true);
      expect(Object.keys(r.fields)).toEqual([
        'ip',
        'jail',
        'host',
        'bantime',
        'failures',
        'restored',
      ]);
      host = r.fields.host ?? '';
      expect(host).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/);
      expect(r.fields).toEqual({
        ip: ATTACKER,
        jail: 'sshd',
        host,
        bantime: '3600',
        failures: '5',
        restored: '0',
      });
      expect(r.status).toBe(200);
      expect(r.ban?.via).toBe(`sshd@${host}`);
      expect(r.ban?.requests).toEqual([
        {
          ip: ATTACKER,
          durationMs: 3_600_000,
          reason: `fail2ban jail sshd on ${host}: 5 failures`,
        },
      ]);
      expect(endpoint.reports().filter(isBan(ATTACKER))).toHaveLength(1);
    });

    it('fail2ban-client set sshd banip → ban report with failures=0', async () => {
      expect((await f2b.client(['set', 'sshd', 'banip', MANUAL])).code).toBe(0);
      const r = await endpoint.waitForReport(
        'ban report for the manual ban',
        isBan(MANUAL),
        10_000,
      );
      expect(r.fields).toMatchObject({
        jail: 'sshd',
        bantime: '3600',
        failures: '0',
        restored: '0',
      });
      expect(r.ban?.requests[0]?.reason).toBe(`fail2ban jail sshd on ${host}: manual ban`);
    });

    it('RouterOS datagrams → shipped rsyslog drop-in → file → mikrotik-login and mikrotik-ipsec jails → ban reports', async () => {
      const t0 = Date.now();
      await sendUdp([
        ...Array.from(
          { length: 5 },
          (_, i) =>
            `<27>system,error,critical login failure for user admin${i} from ${MT_LOGIN} via winbox`,
        ),
        ...Array.from(
          { length: 3 },
          () => `<27>ipsec,error ${MT_IPSEC} parsing packet failed, possible cause: wrong password`,
        ),
        '<30>system,info,account user admin logged in from 198.51.100.20 via ssh',
      ]);
      const login = await endpoint.waitForReport('mikrotik-login ban', isBan(MT_LOGIN), 15_000);
      const ipsec = await endpoint.waitForReport('mikrotik-ipsec ban', isBan(MT_IPSEC), 15_000);
      console.info(
        `[timing] MikroTik chain: datagram → rsyslogd → file → fail2ban → report in ${Math.max(login.at, ipsec.at) - t0} ms`,
      );
      expect(login.fields).toEqual({
        ip: MT_LOGIN,
        jail: 'mikrotik-login',
        host,
        bantime: '3600',
        failures: '5',
        restored: '0',
      });
      expect(ipsec.fields).toEqual({
        ip: MT_IPSEC,
        jail: 'mikrotik-ipsec',
        host,
        bantime: '3600',
        failures: '3',
        restored: '0',
      });
      expect(endpoint.reports().some(isBan('198.51.100.20'))).toBe(false);
    });

    it('fail2ban-client set sshd unbanip → unban report for this jail and host', async () => {
      const t0 = Date.now();
      expect((await f2b.client(['set', 'sshd', 'unbanip', ATTACKER])).stdout.trim()).toBe('1');
      const r = await endpoint.waitForReport('unban report', isUnban(ATTACKER), 10_000);
      console.info(`[timing] unbanip → unban report: ${r.at - t0} ms`);
      expect(r.authenticated).toBe(true);
      // An unbanip comes before fail2ban's own bantime is over: expired=0.
      expect(r.fields).toEqual({ ip: ATTACKER, jail: 'sshd', host, expired: '0' });
      expect(r.unban).toEqual({
        ip: ATTACKER,
        via: `sshd@${host}`,
        expired: false,
        detail: { jail: 'sshd', host },
      });
    });

    it("a rejected report is set aside in the spool with banbridge's answer, the queue goes on, and no log shows the credential", async () => {
      await f2b.client(['set', 'sshd', 'banip', REJECTED]);
      await endpoint.waitForReport('the report that is rejected', isBan(REJECTED), 10_000);
      const rejected = join(f2b.spool, 'rejected');
      const kept = await waitFor(
        'the rejected report in the spool',
        () => (existsSync(rejected) ? readdirSync(rejected)[0] : undefined),
        10_000,
      );
      const text = readFileSync(join(rejected, kept), 'utf8');
      expect(text).toContain(`ip=${REJECTED}\n`);
      expect(text).toContain('rejected by the test'); // banbridge's answer, kept with the report
      // the action succeeded (the report is dealt with): fail2ban logs it at DEBUG, no ERROR
      const log = await waitFor(
        'the helper\'s note in the DEBUG log',
        () => {
          const t = readFileSync(f2b.logfile, 'utf8');
          return t.includes(`banbridge rejected ${kept}`) ? t : undefined;
        },
        10_000,
      );
      expect(log).not.toMatch(/ERROR.*203\.0\.113\.66/);
      expect(log).toContain(`--credentials "${endpoint.credentialsFile}"`);
      expect(log).not.toContain(endpoint.secret);
      await f2b.client(['set', 'sshd', 'unbanip', REJECTED]);
      await endpoint.waitForReport('unban of the rejected address', isUnban(REJECTED), 10_000);
      expect(readdirSync(join(f2b.spool, 'queue'))).toEqual([]);
    });

    it('fail2ban stop sends no unban report: bans stay on the routers', async () => {
      const before = endpoint.reports().length;
      const ms = await stopServer();
      console.info(`[timing] fail2ban-client stop → server exit: ${ms} ms`);
      const after = endpoint.reports().slice(before);
      expect(after.filter((r) => r.path === '/v1/fail2ban/unban')).toEqual([]);
      expect(after).toEqual([]);
      // fail2ban ran the no-op actionflush instead of actionunban per banned address.
      expect(readFileSync(f2b.logfile, 'utf8')).toMatch(
        /\[sshd\] Flush ticket\(s\) with banbridge/,
      );
    }, 30_000);

    it('restart: restored bans are reported with restored=1, none as a new offence', async () => {
      const before = endpoint.reports().length;
      const ms = await startServer();
      console.info(`[timing] fail2ban-server restart to pong: ${ms} ms`);
      for (const ip of [MANUAL, MT_LOGIN, MT_IPSEC]) {
        const r = await endpoint.waitForReport(
          `restored ban of ${ip}`,
          (x) => endpoint.reports().indexOf(x) >= before && isBan(ip)(x),
          15_000,
        );
        expect(r.fields.restored).toBe('1');
        expect(r.ban?.requests[0]?.restored).toBe(true);
        expect(r.ban?.detail.restored).toBe(true);
      }
      await new Promise((r) => setTimeout(r, 2_500)); // a polling round or two: nothing else may come
      const after = endpoint.reports().slice(before);
      expect(
        after.map((r) => `${r.path} ${r.fields.ip} restored=${r.fields.restored}`).sort(),
      ).toEqual(
        [MANUAL, MT_LOGIN, MT_IPSEC].map((ip) => `/v1/fail2ban/ban ${ip} restored=1`).sort(),
      );
    }, 30_000);

    it('the credential appears in no fail2ban log line or output, and every report was authenticated', async () => {
      await stopServer();
      const everything = [readFileSync(f2b.logfile, 'utf8'), ...server.outputs].join('\n');
      expect(everything).toMatch(/-- stderr: 'banbridge-report: /); // the helper's notes are logged (DEBUG) ...
      expect(everything).not.toContain(endpoint.secret); // ... but never the secret
      expect(endpoint.reports().every((r) => r.authenticated)).toBe(true);
    }, 30_000);
  },
);
