/**
 * The shipped logrotate snippet with the real logrotate and rsyslogd: the MikroTik file is
 * rotated, and after the HUP that Debian's rsyslog-rotate sends, rsyslogd writes the routers'
 * next lines to a new file. Only the path and the postrotate command (HUP to our private
 * rsyslogd instead of the system service) differ from the shipped file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { sendUdp } from '../fail2ban/chain.js';
import {
  describeWithDaemons,
  findProgram,
  freePort,
  run,
  tempDir,
  waitFor,
} from '../helpers/daemons.js';
import { mikrotikDropIns, SHIPPED_RSYSLOG, startRsyslogd } from './harness.js';

const SNIPPET = join(SHIPPED_RSYSLOG, 'banbridge-mikrotik.logrotate');
const DEBIAN_HUP = '/usr/lib/rsyslog/rsyslog-rotate';

const lines = (file: string): string[] =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

describeWithDaemons('logrotate snippet for the MikroTik log', ['logrotate', 'rsyslogd'], () => {
  const tmp = tempDir('bb-logrotate');
  afterAll(() => tmp.cleanup());

  it('logrotate accepts the shipped file as it is (logrotate -d)', () => {
    const r = run(findProgram('logrotate') ?? 'logrotate', ['-d', SNIPPET]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr + r.stdout).toContain('rotating pattern: /var/log/mikrotik.log');
    expect(r.stderr + r.stdout).not.toMatch(/error/i);
    // the postrotate command is Debian's own, shipped by the rsyslog package
    expect(readFileSync(SNIPPET, 'utf8')).toContain(`        ${DEBIAN_HUP}\n`);
    expect(existsSync(DEBIAN_HUP)).toBe(true);
  });

  it('rotates the file, and rsyslogd writes the next router lines to a new one', async () => {
    const dir = tmp.dir;
    const mtLog = join(dir, 'mikrotik.log');
    const port = await freePort('udp');
    const dropIns = mikrotikDropIns(join(dir, 'rsyslog.d'), {
      routers: ['127.0.0.1'],
      logFile: mtLog,
      listenerPort: port,
    });
    const rs = await startRsyslogd(join(dir, 'rs'), dropIns, { withSocket: false });
    try {
      const before = '<27>system,error,critical login failure for user a from 45.155.205.233 via ssh';
      await waitFor(
        'the first line',
        async () => {
          await sendUdp(port, [before]);
          return lines(mtLog).length > 0 || undefined;
        },
        10_000,
        200,
      );
      const conf = join(dir, 'logrotate.conf');
      const shipped = readFileSync(SNIPPET, 'utf8');
      writeFileSync(
        conf,
        shipped
          .replace('/var/log/mikrotik.log {', `${mtLog} {`)
          .replace(`        ${DEBIAN_HUP}\n`, `        /bin/kill -HUP ${rs.daemon.pid}\n`),
      );
      const r = run(findProgram('logrotate') ?? 'logrotate', [
        '-f',
        '-s',
        join(dir, 'logrotate.state'),
        conf,
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(lines(`${mtLog}.1`).join('\n')).toContain('45.155.205.233'); // delaycompress
      expect(existsSync(mtLog)).toBe(false);

      const after = '<27>system,error,critical login failure for user b from 80.94.95.115 via winbox';
      await waitFor(
        'a line in the new file',
        async () => {
          await sendUdp(port, [after]);
          return lines(mtLog).some((l) => l.includes('80.94.95.115')) || undefined;
        },
        10_000,
        200,
      );
      expect(lines(mtLog).join('\n')).not.toContain('45.155.205.233');
      expect(lines(`${mtLog}.1`).join('\n')).not.toContain('80.94.95.115');
    } finally {
      await rs.stop();
    }
  });
});
