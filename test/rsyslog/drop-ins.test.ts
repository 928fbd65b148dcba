/**
 * The shipped rsyslog drop-ins against the real rsyslogd (Debian package), loopback only:
 * -N1 accepts each one inside the stock Debian main config; the client drop-ins forward
 * exactly "severity notice and higher, plus all auth/authpriv" in RFC 5424; the TCP variant
 * queues while the receiver is down and delivers once it is up; the server drop-in turns
 * RouterOS datagrams into the lines the MikroTik fail2ban filters read.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import {
  describeWithDaemons,
  findProgram,
  freePort,
  packageVersion,
  run,
  sleep,
  tempDir,
  waitFor,
} from '../helpers/daemons.js';
import { SHIPPED_FAIL2BAN } from '../fail2ban/conf-dir.js';
import { sendUdp } from '../fail2ban/chain.js';
import {
  mikrotikDropIns,
  renderDropIn,
  RSYSLOGD,
  type Rsyslogd,
  SHIPPED_RSYSLOG,
  startRsyslogd,
  startTcpSink,
  startUdpSink,
} from './harness.js';

const CLIENT_DROP_INS = ['60-banbridge-graylog-udp.conf', '60-banbridge-graylog-tcp.conf'];
const SERVER_DROP_IN = '40-banbridge-mikrotik-server.conf';
const LISTENER_DROP_IN = '41-banbridge-mikrotik-listener.conf';

it('ships the client (UDP, TCP) and server (routing, listener) drop-ins and the logrotate snippet, each described in the README', () => {
  const files = readdirSync(SHIPPED_RSYSLOG)
    .filter((f) => f !== 'README.md')
    .sort();
  expect(files).toEqual(
    [SERVER_DROP_IN, LISTENER_DROP_IN, ...CLIENT_DROP_INS, 'banbridge-mikrotik.logrotate'].sort(),
  );
  const readme = readFileSync(join(SHIPPED_RSYSLOG, 'README.md'), 'utf8');
  for (const f of files) expect(readme).toContain(f);
});

it('in the client drop-ins the operator edits one target and one port, nothing global', () => {
  for (const f of CLIENT_DROP_INS) {
    const text = readFileSync(join(SHIPPED_RSYSLOG, f), 'utf8');
    const code = text.split('\n').filter((l) => !l.trimStart().startsWith('#'));
    expect(code.join('\n').match(/\btarget="/g), f).toHaveLength(1);
    expect(code.join('\n').match(/\bport="/g), f).toHaveLength(1);
    // A snippet must not set global() (Debian's main config does; twice is an error) nor load modules.
    expect(code.join('\n'), f).not.toMatch(/global\(|module\(|\$WorkDirectory/);
    expect(code.join('\n'), f).toContain('if prifilt("*.notice;auth,authpriv.*") then {');
  }
});

/** facility.severity → forwarded? (logger turns kern into user, so kern is not tried). */
const MATRIX: [string, boolean][] = [
  ['user.info', false],
  ['daemon.info', false],
  ['mail.info', false],
  ['user.debug', false],
  ['local0.debug', false],
  ['user.notice', true],
  ['user.err', true],
  ['local0.warning', true],
  ['daemon.crit', true],
  ['mail.alert', true],
  ['auth.info', true],
  ['authpriv.info', true],
  ['auth.debug', true],
  ['authpriv.debug', true],
  ['authpriv.notice', true],
];
const EXPECTED = MATRIX.filter(([, y]) => y).map(([fp]) => fp);

/** RFC 5424 as RSYSLOG_SyslogProtocol23Format writes it: <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG */
const RFC5424 =
  /^<(\d{1,3})>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?[+-]\d\d:\d\d \S+ (\S+) (\S+) (\S+) (\S+) (.*?)\n?$/s;

function sendMatrix(socket: string, marker: string): void {
  const logger = findProgram('logger') ?? 'logger';
  for (const [fp] of MATRIX) {
    const r = run(logger, ['-u', socket, '-t', 'bbtest', '--id=4242', '-p', fp, `${marker} ${fp}`]);
    if (r.code !== 0) throw new Error(`logger ${fp}: ${r.stderr}`);
  }
}

/** The facility.severity each forwarded test message was sent with (from its text). */
const sentAs = (messages: string[], marker: string): string[] =>
  messages
    .filter((m) => m.includes(marker))
    .map((m) => m.slice(m.indexOf(marker) + marker.length + 1).trim());


/** The shipped TCP client drop-in aimed at a loopback port; test-only: retry every second instead of 10 s. */
function tcpClientSnippet(dir: string, port: number): string {
  const snippet = join(dir, 'fwd-tcp.conf');
  writeFileSync(
    snippet,
    renderDropIn('60-banbridge-graylog-tcp.conf', {
      target: '127.0.0.1',
      port,
      replace: [['action.resumeInterval="10"', 'action.resumeInterval="1"']],
    }),
  );
  return snippet;
}

describeWithDaemons(
  `rsyslog drop-ins (rsyslog ${packageVersion('rsyslog')})`,
  ['rsyslogd', 'logger'],
  () => {
    const tmp = tempDir('bb-rsyslog');
    let rs: Rsyslogd | undefined;
    afterEach(async () => {
      await rs?.stop();
      rs = undefined;
    });
    afterAll(() => tmp.cleanup());

    it('rsyslogd -N1 accepts each drop-in inside the stock Debian /etc/rsyslog.conf, and rejects a typo', () => {
      // the listener needs the ruleset of the routing drop-in: they are installed together
      for (const set of [[SERVER_DROP_IN], [SERVER_DROP_IN, LISTENER_DROP_IN], ...CLIENT_DROP_INS.map((f) => [f])]) {
        const f = set.join('+');
        const d = join(tmp.dir, `n1-${f}`);
        mkdirSync(join(d, 'rsyslog.d'), { recursive: true });
        for (const g of set) writeFileSync(join(d, 'rsyslog.d', g), readFileSync(join(SHIPPED_RSYSLOG, g)));
        const stock = readFileSync('/etc/rsyslog.conf', 'utf8');
        expect(stock).toContain('$IncludeConfig /etc/rsyslog.d/*.conf');
        writeFileSync(
          join(d, 'rsyslog.conf'),
          stock.replace(
            '$IncludeConfig /etc/rsyslog.d/*.conf',
            `$IncludeConfig ${d}/rsyslog.d/*.conf`,
          ),
        );
        const r = run(RSYSLOGD(), ['-N1', '-f', join(d, 'rsyslog.conf')]);
        expect(r.code, `${f}: ${r.stderr}`).toBe(0);
        expect(r.stderr + r.stdout).toContain('End of config validation run');
      }
      const bad = join(tmp.dir, 'n1-typo.conf');
      writeFileSync(
        bad,
        renderDropIn(CLIENT_DROP_INS[0] ?? '', { replace: [['template=', 'tempalte=']] }),
      );
      const r = run(RSYSLOGD(), ['-N1', '-f', bad]);
      expect(r.code).not.toBe(0);
      expect(r.stderr + r.stdout).toContain("parameter 'tempalte' not known");
    });

    it('UDP client: exactly severity notice and higher plus all auth/authpriv reach Graylog, as RFC 5424', async () => {
      const dir = join(tmp.dir, 'udp');
      mkdirSync(dir);
      const sink = await startUdpSink();
      try {
        const snippet = join(dir, 'fwd-udp.conf');
        writeFileSync(
          snippet,
          renderDropIn('60-banbridge-graylog-udp.conf', { target: '127.0.0.1', port: sink.port }),
        );
        const t0 = Date.now();
        rs = await startRsyslogd(dir, [snippet], { withSocket: true });
        const marker = `bb-${randomBytes(4).toString('hex')}`;
        sendMatrix(rs.socket, marker);
        await waitFor(
          'all expected UDP messages',
          () => sentAs(sink.messages, marker).length >= EXPECTED.length,
          10_000,
        );
        await sleep(300); // stragglers, which must not exist
        const got = sentAs(sink.messages, marker);
        expect([...got].sort()).toEqual([...EXPECTED].sort());
        for (const m of sink.messages.filter((x) => x.includes(marker))) {
          const p = RFC5424.exec(m);
          expect(p, m).not.toBeNull();
          expect(p?.[2]).toBe('bbtest');
          expect(p?.[3]).toBe('4242');
        }
        const authInfo = sink.messages.find((m) => m.trimEnd().endsWith(`${marker} auth.info`));
        expect(authInfo?.startsWith('<38>1 ')).toBe(true); // auth (4) * 8 + info (6)
        console.info(
          `[timing] rsyslog UDP client: start + ${MATRIX.length} messages delivered in ${Date.now() - t0} ms`,
        );
      } finally {
        await sink.close();
      }
    });

    it('TCP client: messages queue while Graylog is down and arrive, octet-counted RFC 5424, once it is up', async () => {
      const dir = join(tmp.dir, 'tcp');
      mkdirSync(dir);
      const port = await freePort('tcp');
      const snippet = tcpClientSnippet(dir, port);
      rs = await startRsyslogd(dir, [snippet], { withSocket: true });
      const marker = `bb-${randomBytes(4).toString('hex')}`;
      sendMatrix(rs.socket, marker);
      // Graylog "restarting": nobody listens; rsyslog suspends the action and queues.
      await waitFor(
        'rsyslog to notice the target is down',
        () => /suspended|cannot connect|Connection refused/i.test(rs?.daemon.output() ?? ''),
        10_000,
      );
      await sleep(1_000);
      const t0 = Date.now();
      const sink = await startTcpSink(port);
      try {
        await waitFor(
          'all queued TCP messages',
          () => new Set(sentAs(sink.messages, marker)).size >= EXPECTED.length,
          20_000,
        );
        const elapsed = Date.now() - t0;
        await sleep(300);
        const got = sentAs(sink.messages, marker);
        // Plain TCP has no application-level acknowledgement: a reconnect may repeat a message.
        expect([...new Set(got)].sort()).toEqual([...EXPECTED].sort());
        expect(sink.garbage).toEqual([]);
        for (const m of sink.messages.filter((x) => x.includes(marker)))
          expect(RFC5424.exec(m), m).not.toBeNull();
        console.info(
          `[timing] rsyslog TCP client: queued messages delivered ${elapsed} ms after the receiver came up (${got.length - new Set(got).size} duplicates)`,
        );
      } finally {
        await sink.close();
      }
    });

    it('TCP client: the queue is saved when rsyslogd stops with Graylog down, and delivered after the restart', async () => {
      const dir = join(tmp.dir, 'tcp-restart');
      mkdirSync(dir);
      const port = await freePort('tcp');
      const snippet = tcpClientSnippet(dir, port);
      const logger = findProgram('logger') ?? 'logger';
      const marker = `bb-${randomBytes(4).toString('hex')}`;
      let sink = await startTcpSink(port);
      rs = await startRsyslogd(dir, [snippet], { withSocket: true });
      const socket = rs.socket;
      run(logger, ['-u', socket, '-t', 'bbtest', '-p', 'user.err', `${marker} warm-up`]);
      await waitFor(
        'the warm-up message',
        () => sink.messages.some((m) => m.includes(`${marker} warm-up`)),
        10_000,
      );
      await sink.close();
      // Plain TCP: what is written into the connection Graylog just dropped can vanish
      // (no application-level acknowledgement). Send canaries until rsyslog has noticed, then the messages under test.
      const noticed = () =>
        /suspended|cannot connect|Connection refused|closed/i.test(rs?.daemon.output() ?? '');
      for (let i = 1; !noticed(); i++) {
        if (i > 20) throw new Error(`rsyslog never noticed the dead peer:\n${rs.daemon.output()}`);
        run(logger, ['-u', socket, '-t', 'bbtest', '-p', 'user.err', `${marker} canary ${i}`]);
        await sleep(500);
      }
      const persist = [1, 2, 3, 4, 5].map((i) => `${marker} persist ${i}`);
      for (const text of persist)
        run(logger, ['-u', socket, '-t', 'bbtest', '-p', 'authpriv.info', text]);
      await sleep(1_000);
      const t0 = Date.now();
      await rs.stop();
      rs = undefined;
      console.info(`[timing] rsyslogd stop with the TCP target down: ${Date.now() - t0} ms`);
      expect(readdirSync(join(dir, 'work'))).toContain('banbridge_graylog_tcp.qi');

      sink = await startTcpSink(port);
      try {
        const t1 = Date.now();
        rs = await startRsyslogd(dir, [snippet], { withSocket: true });
        await waitFor(
          'the saved messages after the restart',
          () => persist.every((p) => sink.messages.some((m) => m.trimEnd().endsWith(p))),
          15_000,
        );
        console.info(
          `[timing] rsyslog TCP client: saved queue delivered ${Date.now() - t1} ms after restart`,
        );
      } finally {
        await sink.close();
      }

      // Delivered is delivered: rsyslogd killed after that (a crash, an OOM kill, a power cut
      // of a VM host) must not send that backlog again when it starts.
      for (let i = 1; !/suspended|cannot connect|Connection refused|closed/i.test(rs.daemon.output()); i++) {
        if (i > 20) throw new Error(`rsyslog never noticed the dead peer:\n${rs.daemon.output()}`);
        run(logger, ['-u', socket, '-t', 'bbtest', '-p', 'user.err', `${marker} canary again ${i}`]);
        await sleep(500);
      }
      process.kill(rs.daemon.pid, 'SIGKILL');
      await rs.stop();
      rs = undefined;
      sink = await startTcpSink(port);
      try {
        rs = await startRsyslogd(dir, [snippet], { withSocket: true });
        run(logger, ['-u', rs.socket, '-t', 'bbtest', '-p', 'user.err', `${marker} after the crash`]);
        await waitFor(
          'a message after the crash',
          () => sink.messages.some((m) => m.includes(`${marker} after the crash`)),
          15_000,
        );
        await sleep(1_000);
        const again = sink.messages.filter((m) => persist.some((p) => m.trimEnd().endsWith(p)));
        expect(again).toEqual([]);
      } finally {
        await sink.close();
      }
    }, 90_000);

    it('server drop-ins: RouterOS datagrams are written as "time router topics message" lines the MikroTik filters read', async () => {
      const dir = join(tmp.dir, 'server');
      mkdirSync(dir);
      const port = await freePort('udp');
      const file = join(dir, 'mikrotik.log');
      const dropIns = mikrotikDropIns(join(dir, 'rsyslog.d'), { routers: ['127.0.0.1'], logFile: file, listenerPort: port });
      rs = await startRsyslogd(dir, dropIns, { withSocket: false });
      const datagrams = [
        // as RouterOS sends them: <PRI>topics message, no header
        '<27>system,error,critical login failure for user admin from 203.0.113.5 via ssh',
        '<27>ipsec,error 203.0.113.8 parsing packet failed, possible cause: wrong password',
        // with the BSD header some RouterOS versions add (identity as host name)
        '<27>Nov 30 01:16:52 MikroTik system,error,critical login failure for user admin from 203.0.113.6 via winbox',
        '<30>system,info,account user admin logged in from 198.51.100.20 via ssh',
      ];
      await sendUdp(port, datagrams);
      const lines = await waitFor(
        'the four lines in the file',
        () => {
          try {
            const l = readFileSync(file, 'utf8').split('\n').filter(Boolean);
            return l.length >= datagrams.length ? l : undefined;
          } catch {
            return undefined;
          }
        },
        10_000,
      );
      // Not world-readable (the lines hold the user names tried): 0640 root:adm.
      const made = statSync(file);
      expect(made.mode & 0o777).toBe(0o640);
      expect(made.uid).toBe(0);
      expect(made.gid).toBe(Number(/^adm:[^:]*:(\d+):/m.exec(readFileSync('/etc/group', 'utf8'))?.[1]));
      const iso = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}[+-]\\d\\d:\\d\\d';
      expect(lines[0]).toMatch(
        new RegExp(
          `^${iso} 127\\.0\\.0\\.1 system,error,critical login failure for user admin from 203\\.0\\.113\\.5 via ssh$`,
        ),
      );
      expect(lines[1]).toMatch(
        new RegExp(
          `^${iso} 127\\.0\\.0\\.1 ipsec,error 203\\.0\\.113\\.8 parsing packet failed, possible cause: wrong password$`,
        ),
      );
      // reception time and the sender's address, not the router's clock and identity
      expect(lines[2]).toMatch(
        new RegExp(
          `^${iso} 127\\.0\\.0\\.1 system,error,critical login failure for user admin from 203\\.0\\.113\\.6 via winbox$`,
        ),
      );

      const regex = findProgram('fail2ban-regex');
      if (regex !== undefined) {
        const login = run(regex, [
          '-o',
          'ip',
          file,
          join(SHIPPED_FAIL2BAN, 'filter.d/mikrotik-login.conf'),
        ]);
        expect(login.stdout.split('\n').filter(Boolean)).toEqual(['203.0.113.5', '203.0.113.6']);
        const ipsec = run(regex, [
          '-o',
          'ip',
          file,
          join(SHIPPED_FAIL2BAN, 'filter.d/mikrotik-ipsec.conf'),
        ]);
        expect(ipsec.stdout.split('\n').filter(Boolean)).toEqual(['203.0.113.8']);
      }
    });
  },
);
