/**
 * The MikroTik drop-ins on a real log host (real rsyslogd, loopback only). Distinct loopback
 * addresses are distinct senders: 127.0.0.2 is the router, 127.0.0.3 another host that also
 * sends "router" text. The log host's own configuration has its own UDP input (standing in
 * for 514; a fixed port would collide with parallel runs) and a catch-all file after the
 * drop-ins, as Debian's rsyslog.conf has.
 *
 *  - routing drop-in beside the main input: the router's lines go to the MikroTik file only;
 *    the other host's lines, including forged router lines, reach the main log and never
 *    the MikroTik file;
 *  - listener drop-in: its port accepts the router only and drops everything else;
 *  - rsyslogd -N1: the routing drop-in fits a config that already loads imudp; the listener
 *    does not (rsyslog loads a module once), which its header tells the operator.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import {
  describeWithDaemons,
  freePort,
  packageVersion,
  run,
  tempDir,
  waitFor,
} from '../helpers/daemons.js';
import { sendUdp } from '../fail2ban/chain.js';
import {
  mikrotikDropIns,
  RSYSLOGD,
  type Rsyslogd,
  SHIPPED_RSYSLOG,
  startRsyslogd,
} from './harness.js';

const ROUTER = '127.0.0.2';
const OTHER = '127.0.0.3';

const sendFrom = (source: string, port: number, datagrams: readonly string[]) =>
  sendUdp(port, datagrams, source);

const lines = (file: string): string[] =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

/** Sends `probe` from `source` until it shows in `file`: rsyslogd's inputs are then up. */
async function untilWritten(source: string, port: number, probe: string, file: string) {
  await waitFor(
    `"${probe}" in ${file}`,
    async () => {
      await sendFrom(source, port, [`<14>${probe}`]);
      return lines(file).some((l) => l.includes(probe)) || undefined;
    },
    10_000,
    200,
  );
}

describeWithDaemons(
  `rsyslog MikroTik drop-ins on a log host (rsyslog ${packageVersion('rsyslog')})`,
  ['rsyslogd'],
  () => {
    const tmp = tempDir('bb-rsyslog-mt');
    let rs: Rsyslogd | undefined;
    afterEach(async () => {
      await rs?.stop();
      rs = undefined;
    });
    afterAll(() => tmp.cleanup());

    it('beside the log host\'s own UDP input: router lines go to the MikroTik file only, other hosts\' lines (forged router lines too) to the main log only', async () => {
      const dir = join(tmp.dir, 'beside');
      const mtLog = join(dir, 'mikrotik.log');
      const mainLog = join(dir, 'syslog');
      const udpPort = await freePort('udp');
      const dropIns = mikrotikDropIns(join(dir, 'rsyslog.d'), { routers: [ROUTER], logFile: mtLog });
      rs = await startRsyslogd(dir, dropIns, { withSocket: false, main: { udpPort, logFile: mainLog } });
      const tag = randomBytes(4).toString('hex');
      await untilWritten(OTHER, udpPort, `web01 app[1]: ready ${tag}`, mainLog);

      const routerLine = `system,error,critical login failure for user admin from 45.155.205.233 via ssh`;
      const forged = `system,error,critical login failure for user admin from 8.8.8.8 via ssh`;
      await sendFrom(ROUTER, udpPort, [`<27>${routerLine}`, `<27>ipsec,error 45.95.147.236 parsing packet failed, possible cause: wrong password`]);
      await sendFrom(OTHER, udpPort, [
        `<14>web01 app[2]: ordinary line ${tag}`,
        `<27>${forged}`,
        // even with the router's address as host name in the header
        `<27>Dec  3 07:00:00 ${ROUTER} ${forged}`,
      ]);
      await sendFrom(OTHER, udpPort, [`<14>web01 app[3]: last ${tag}`]);
      await waitFor('the last line in the main log', () => lines(mainLog).some((l) => l.includes(`last ${tag}`)), 10_000);
      await waitFor('both router lines', () => lines(mtLog).length >= 2 || undefined, 10_000);

      const mt = lines(mtLog);
      expect(mt).toHaveLength(2);
      expect(mt[0]).toMatch(new RegExp(`^\\S+ ${ROUTER.replace(/\./g, '\\.')} ${routerLine}$`));
      expect(mt[1]).toContain(`${ROUTER} ipsec,error 45.95.147.236 parsing packet failed`);
      expect(mt.join('\n')).not.toContain('8.8.8.8');

      const main = lines(mainLog);
      expect(main.filter((l) => l.includes(`ordinary line ${tag}`) || l.includes(`last ${tag}`))).toHaveLength(2);
      expect(main.filter((l) => l.includes('8.8.8.8'))).toHaveLength(2);
      // the router's messages stopped in the drop-in: none in the main log
      expect(main.join('\n')).not.toContain('45.155.205.233');
      expect(main.join('\n')).not.toContain('45.95.147.236');
    });

    it('the listener drop-in takes the routers\' lines on its own port and drops every other sender\'s', async () => {
      const dir = join(tmp.dir, 'listener');
      const mtLog = join(dir, 'mikrotik.log');
      const mainLog = join(dir, 'syslog');
      const listenerPort = await freePort('udp');
      const dropIns = mikrotikDropIns(join(dir, 'rsyslog.d'), { routers: [ROUTER], logFile: mtLog, listenerPort });
      // a host without a UDP input of its own; its catch-all file rule comes after the drop-ins
      rs = await startRsyslogd(dir, dropIns, { withSocket: false, main: { logFile: mainLog } });
      await untilWritten(ROUTER, listenerPort, 'system,info probe', mtLog);
      await sendFrom(OTHER, listenerPort, [
        '<27>system,error,critical login failure for user admin from 8.8.4.4 via ssh',
        '<14>web01 app[2]: not a router',
      ]);
      await sendFrom(ROUTER, listenerPort, ['<27>system,error,critical login failure for user admin from 45.155.205.233 via winbox']);
      await waitFor('the router line', () => lines(mtLog).some((l) => l.includes('45.155.205.233')), 10_000);
      const mt = lines(mtLog);
      expect(mt.every((l) => l.split(' ')[1] === ROUTER)).toBe(true);
      expect(mt.join('\n')).not.toContain('8.8.4.4');
      expect(mt.join('\n')).not.toContain('not a router');
      // dropped, not passed on: nothing from the listener's port reached the main log
      expect(lines(mainLog).join('\n')).not.toMatch(/8\.8\.4\.4|not a router|45\.155\.205\.233|probe/);
    });

    it('rsyslogd -N1: the routing drop-in fits a Debian config that already receives UDP on 514; the listener there fails as its header says', () => {
      const stock = readFileSync('/etc/rsyslog.conf', 'utf8');
      // Debian ships the UDP input commented out; a central log host enables it.
      expect(stock).toContain('#module(load="imudp")');
      expect(stock).toContain('#input(type="imudp" port="514")');
      const logHost = (includeDir: string) =>
        stock
          .replace('#module(load="imudp")', 'module(load="imudp")')
          .replace('#input(type="imudp" port="514")', 'input(type="imudp" port="514")')
          .replace('$IncludeConfig /etc/rsyslog.d/*.conf', `$IncludeConfig ${includeDir}/*.conf`);
      const check = (name: string, files: string[]) => {
        const d = join(tmp.dir, `n1-${name}`, 'rsyslog.d');
        mkdirSync(d, { recursive: true });
        for (const f of files) writeFileSync(join(d, f), readFileSync(join(SHIPPED_RSYSLOG, f)));
        const main = join(d, '..', 'rsyslog.conf');
        writeFileSync(main, logHost(d));
        return run(RSYSLOGD(), ['-N1', '-f', main]);
      };
      const routing = check('routing', ['40-banbridge-mikrotik-server.conf']);
      expect(routing.code, routing.stderr).toBe(0);
      const both = check('listener', ['40-banbridge-mikrotik-server.conf', '41-banbridge-mikrotik-listener.conf']);
      expect(both.code).not.toBe(0);
      expect(both.stderr + both.stdout).toContain("module 'imudp' already in this config");
      const header = readFileSync(join(SHIPPED_RSYSLOG, '41-banbridge-mikrotik-listener.conf'), 'utf8');
      expect(header).toContain(`"module 'imudp' already in this config"`);
    });
  },
);
