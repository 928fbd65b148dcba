/**
 * The whole chain with real parts: real fail2ban-server (shipped action, jails, filters) and
 * the shipped rsyslog server drop-in report to real banbridge over HTTP, which keeps the
 * RouterOS simulator's address list (over the real API protocol) in step.
 *
 *   sshd failure lines → ban in banbridge → entry on the router
 *   RouterOS datagrams → rsyslogd → file → mikrotik jails → bans → entries on the router
 *   unbanip → this jail's claim lifted → entry removed
 *   fail2ban stop → nothing lifted, entries stay
 *   restart → restored bans re-reported, recorded as restored, no escalation
 *   the credential appears in no fail2ban or banbridge log line
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RouterSim } from '../../src/sim/router-sim.js';
import { describeWithDaemons, tempDir, waitFor, writeSecretFile } from '../helpers/daemons.js';
import { startTestService, type TestService } from '../helpers/service.js';
import type { Rsyslogd } from '../rsyslog/harness.js';
import { fail2banServer, type Fail2banServer, sendUdp, startMikrotikSyslog, testJails } from './chain.js';
import { addresses, FAST_WORKER, routerConfig, startSim } from '../worker/sim-helpers.js';
import { type Fail2banConf, makeFail2banConf, syslogTime } from './conf-dir.js';

// Ordinary public addresses, used as data only (never contacted).
const ATTACKER = '141.98.11.58';
const MT_LOGIN = '80.94.95.115';
const MT_IPSEC = '45.95.147.236';
const USER = 'web01-f2b';

describeWithDaemons(
  'fail2ban and rsyslog → real banbridge → RouterOS simulator',
  ['fail2ban-server', 'fail2ban-client', 'rsyslogd', 'curl'],
  () => {
    const tmp = tempDir('bb-f2b-real');
    const dir = tmp.dir;
    const authLog = join(dir, 'auth.log');
    const mtLog = join(dir, 'mikrotik.log');
    const secret = randomBytes(12).toString('hex');
    let sim: RouterSim;
    let svc: TestService;
    let f2b: Fail2banConf;
    let server: Fail2banServer;
    let rsyslog: Rsyslogd | undefined;
    let mtPort = 0;
    const startServer = () => server.start();
    const stopServer = () => server.stop();
    const ban = (ip: string) => svc.service.store.bans.get(ip);
    const claims = async (ip: string) => (await svc.service.store.bans.claims(ip)).filter((c) => c.active === 1).map((c) => c.source);

    beforeAll(async () => {
      sim = await startSim();
      svc = await startTestService(
        {
          users: [
            { name: USER, role: 'reporter', password: secret },
            { name: 'admin', role: 'admin', token: 'admin-token-0123456789abcdef' },
          ],
          routers: [routerConfig('edge1', sim)],
          worker: FAST_WORKER,
        },
        { probeIntervalMs: 200 },
      );
      const credentials = join(dir, 'banbridge.credentials');
      writeSecretFile(credentials, `user = "${USER}:${secret}"\n`);
      writeFileSync(authLog, '');
      writeFileSync(mtLog, '');
      ({ rsyslog, port: mtPort } = await startMikrotikSyslog(dir, mtLog));
      f2b = makeFail2banConf(dir, {
        loglevel: 'DEBUG',
        dbfile: join(dir, 'fail2ban.sqlite3'),
        actionLocal: `[Init]\nbanbridge_url = ${svc.url}\ncredentials_file = ${credentials}\n`,
        jailsLocal: testJails(authLog, mtLog),
      });
      server = fail2banServer(f2b);
      await startServer();
    }, 60_000);

    afterAll(async () => {
      await server?.stop().catch(() => undefined);
      await rsyslog?.stop();
      await svc?.close();
      await sim?.stop();
      tmp.cleanup();
    }, 60_000);

    it('sshd failure lines → ban recorded by banbridge → entry on the router', async () => {
      for (let i = 1; i <= 5; i++) {
        appendFileSync(authLog, `${syslogTime()} web01 sshd[42${i}]: Failed password for root from ${ATTACKER} port 5112${i} ssh2\n`);
      }
      await waitFor('entry on the router', () => addresses(sim).includes(ATTACKER), 20_000);
      expect(await ban(ATTACKER)).toMatchObject({ active: 1 });
      const [claim] = await claims(ATTACKER);
      expect(claim).toMatch(new RegExp(`^${USER}/sshd@`));
      // fail2ban's bantime (3600 s in the shipped jail) is the requested duration
      const left = ((await ban(ATTACKER))?.expires_at ?? 0) - Date.now();
      expect(left).toBeGreaterThan(3_500_000);
      expect(left).toBeLessThanOrEqual(3_600_000);
    });

    it('RouterOS datagrams → rsyslog → file → MikroTik jails → bans on the router', async () => {
      await sendUdp(mtPort, [
        ...Array.from({ length: 5 }, (_, i) => `<27>system,error,critical login failure for user admin${i} from ${MT_LOGIN} via winbox`),
        ...Array.from({ length: 3 }, () => `<27>ipsec,error ${MT_IPSEC} parsing packet failed, possible cause: wrong password`),
      ]);
      await waitFor('both MikroTik attackers on the router', () => addresses(sim).includes(MT_LOGIN) && addresses(sim).includes(MT_IPSEC), 20_000);
      expect((await claims(MT_LOGIN))[0]).toMatch(new RegExp(`^${USER}/mikrotik-login@`));
      expect((await claims(MT_IPSEC))[0]).toMatch(new RegExp(`^${USER}/mikrotik-ipsec@`));
    });

    it('unbanip lifts this jail\'s claim and the entry leaves the router', async () => {
      expect((await f2b.client(['set', 'sshd', 'unbanip', ATTACKER])).code).toBe(0);
      await waitFor('ban lifted', async () => (await ban(ATTACKER))?.active === 0, 10_000);
      await waitFor('entry removed', () => !addresses(sim).includes(ATTACKER), 10_000);
    });

    it('fail2ban stop lifts nothing on the router', async () => {
      const before = addresses(sim).sort();
      await stopServer();
      await new Promise((r) => setTimeout(r, 1500));
      expect(addresses(sim).sort()).toEqual(before);
      expect((await ban(MT_LOGIN))?.active).toBe(1);
      expect((await ban(MT_IPSEC))?.active).toBe(1);
    }, 30_000);

    it('restart: restored bans are recorded as restored, without escalation or a new offence', async () => {
      const offencesOf = async () =>
        Promise.all([MT_LOGIN, MT_IPSEC].map(async (ip) => (await svc.service.store.bans.offence(ip))?.count));
      const offencesBefore = await offencesOf();
      const expiryOf = async () =>
        Promise.all([MT_LOGIN, MT_IPSEC].map(async (ip) => (await ban(ip))?.expires_at ?? 0));
      const expiryBefore = await expiryOf();
      await startServer();
      await waitFor(
        'restored reports audited',
        async () => {
          for (const ip of [MT_LOGIN, MT_IPSEC]) {
            const rows = await svc.service.store.audit.forKey(ip, 10);
            if (!rows.some((row) => row.detail !== null && JSON.parse(row.detail).restored === true)) return false;
          }
          return true;
        },
        20_000,
      );
      expect(await offencesOf()).toEqual(offencesBefore);
      // a restored ban is the same ban announced again: its end stays where it was
      expect(await expiryOf()).toEqual(expiryBefore);
      expect(addresses(sim)).toEqual(expect.arrayContaining([MT_LOGIN, MT_IPSEC]));
    }, 40_000);

    it("fail2ban's own bantime ending keeps banbridge's longer (escalated) ban; unbanip before it lifts", async () => {
      // A repeat offender: banbridge's offence history (a 1 h ban a minute ago) makes the next
      // ban 2 h, while fail2ban bans it for 2 s only.
      const repeat = '185.220.101.47';
      const early = '185.220.101.48';
      await svc.service.store.bans.saveOffences(
        [repeat, early].map((key) => ({ key, count: 1, last_ban_at: Date.now() - 60_000, last_duration_ms: 3_600_000 })),
      );
      expect((await f2b.client(['set', 'sshd', 'bantime', '2'])).code).toBe(0);
      try {
        for (const ip of [repeat, early]) expect((await f2b.client(['set', 'sshd', 'banip', ip])).code).toBe(0);
        await waitFor('both on the router', () => addresses(sim).includes(repeat) && addresses(sim).includes(early), 20_000);
        const end = (await ban(repeat))?.expires_at ?? 0;
        expect(end - Date.now()).toBeGreaterThan(7_000_000); // 2 h, not fail2ban's 2 s
        // An unbanip before fail2ban's 2 s are over withdraws the claim: the ban ends.
        expect((await f2b.client(['set', 'sshd', 'unbanip', early])).code).toBe(0);
        // fail2ban lifts its own ban of `repeat` once the 2 s are over: an unban with expired=1.
        const kept = async () =>
          (await svc.service.store.audit.forKey(repeat, 10)).find((r) => r.action === 'unban');
        const unban = await waitFor('the unban at the end of fail2ban\'s bantime', kept, 20_000);
        expect(unban).toMatchObject({ outcome: 'kept', via: expect.stringMatching(new RegExp(`^${USER}/sshd@`)) });
        expect(JSON.parse(unban.detail ?? '{}')).toMatchObject({ own_time_over: true });
        await waitFor('early ban lifted', async () => (await ban(early))?.active === 0, 10_000);
        // banbridge's 2 h ban runs on, claim and router entry included.
        expect(await ban(repeat)).toMatchObject({ active: 1, expires_at: end });
        expect(await claims(repeat)).toEqual([expect.stringMatching(new RegExp(`^${USER}/sshd@`))]);
        await waitFor('early entry removed', () => !addresses(sim).includes(early), 10_000);
        expect(addresses(sim)).toContain(repeat);
      } finally {
        await f2b.client(['set', 'sshd', 'bantime', '3600']);
      }
    }, 60_000);

    it('bantime.increment: the ban time fail2ban raises after the ban reaches banbridge (actionprolong)', async () => {
      // fail2ban raises a repeat offender's ban in its observer, after actionban ran (that
      // one carries the jail's bantime), and tells only actions with actionprolong, within
      // 10 s. Multipliers 1, 50: banned for 3 s once, the next ban lasts 150 s; banbridge's
      // own escalation of that 3 s ban would make it 6 s.
      const ip = '185.220.101.49';
      const set = async (...args: string[]) =>
        expect((await f2b.client(['set', 'sshd', ...args])).code).toBe(0);
      await set('bantime', '3');
      await set('bantime.increment', 'true');
      await set('bantime.multipliers', '1 50');
      try {
        await set('banip', ip);
        await waitFor('the first ban', async () => (await ban(ip))?.active === 1, 20_000);
        const unbanned = () => readFileSync(f2b.logfile, 'utf8').includes(`Unban ${ip}`);
        await waitFor("the end of fail2ban's 3 s", unbanned, 20_000);
        await set('banip', ip);
        const raised = async () => ((await ban(ip))?.expires_at ?? 0) - Date.now() > 120_000;
        await waitFor('the raised ban time in banbridge', raised, 30_000);
        expect((await ban(ip))?.expires_at ?? 0).toBeLessThanOrEqual(Date.now() + 150_000);
      } finally {
        await set('bantime.increment', 'false');
        await set('bantime', '3600');
        await f2b.client(['set', 'sshd', 'unbanip', ip]);
      }
    }, 90_000);

    it('the credential appears in no fail2ban or banbridge log line', async () => {
      await stopServer();
      const f2bLog = readFileSync(f2b.logfile, 'utf8');
      // fail2ban logged the bans and ran the banbridge action (DEBUG shows its command) ...
      expect(f2bLog).toMatch(/\[mikrotik-login\] Ban 80\.94\.95\.115/);
      expect(f2bLog).toMatch(/banbridge-report\.sh.* --credentials .*banbridge\.credentials/);
      // ... but the secret is nowhere: not in fail2ban's log, its output, nor banbridge's log
      const everything = [f2bLog, ...server.outputs, svc.log.text()].join('\n');
      expect(everything).not.toContain(secret);
    }, 30_000);
  },
);
