/**
 * The real-daemon pieces both fail2ban end-to-end suites run: a foreground fail2ban-server on
 * a private config dir, and rsyslogd with the shipped MikroTik server drop-in on a loopback
 * UDP port writing the file the MikroTik jails read.
 */
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { type Daemon, freePort, startDaemon, waitFor } from '../helpers/daemons.js';
import { mikrotikDropIns, type Rsyslogd, startRsyslogd } from '../rsyslog/harness.js';
import { type Fail2banConf, fail2banProgram } from './conf-dir.js';

export interface Fail2banServer {
  /** Starts fail2ban-server in the foreground; resolves with ms until it answered ping. */
  start(): Promise<number>;
  /** `fail2ban-client stop`; resolves with ms until the server exited. */
  stop(): Promise<number>;
  /** stdout/stderr of every server run that has ended. */
  outputs: string[];
}

export function fail2banServer(f2b: Fail2banConf): Fail2banServer {
  let server: Daemon | undefined;
  const outputs: string[] = [];
  return {
    outputs,
    async start() {
      const t0 = Date.now();
      const [bin, prefix] = fail2banProgram('fail2ban-server');
      const running = startDaemon(bin, [
        ...prefix,'-f', '-x', '-c', f2b.conf, '-s', f2b.socket, '-p', f2b.pidfile]);
      server = running;
      await waitFor(
        'fail2ban-server to answer ping',
        async () => running.exited() || (await f2b.client(['ping'])).stdout.includes('pong'),
        20_000,
      );
      if (running.exited()) throw new Error(`fail2ban-server exited: ${running.output()}`);
      return Date.now() - t0;
    },
    async stop() {
      const t0 = Date.now();
      const running = server;
      if (running === undefined) return 0;
      await f2b.client(['stop']);
      await running.waitExit(20_000).catch(() => running.stop());
      outputs.push(running.output());
      server = undefined;
      return Date.now() - t0;
    },
  };
}

/**
 * rsyslogd with the shipped MikroTik drop-ins (routing + listener) on a free loopback UDP
 * port; 127.0.0.1, where sendUdp sends from, is the router.
 */
export async function startMikrotikSyslog(dir: string, logFile: string): Promise<{ rsyslog: Rsyslogd; port: number }> {
  const port = await freePort('udp');
  const dropIns = mikrotikDropIns(join(dir, 'rsyslog.d'), { routers: ['127.0.0.1'], logFile, listenerPort: port });
  const rsyslog = await startRsyslogd(join(dir, 'rsyslog'), dropIns, { withSocket: false });
  return { rsyslog, port };
}

/** Sends each datagram to 127.0.0.1:port (from `source`, if given), as a router's remote logging would. */
export async function sendUdp(port: number, datagrams: readonly string[], source?: string): Promise<void> {
  const sock = createSocket('udp4');
  // from a given loopback address: distinct senders for rsyslog's $fromhost-ip
  if (source !== undefined) await new Promise<void>((resolve) => sock.bind(0, source, resolve));
  try {
    for (const d of datagrams) {
      await new Promise<void>((resolve, reject) => sock.send(d, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    }
  } finally {
    sock.close();
  }
}

/**
 * The shipped jails as the end-to-end suites run them: only log paths and backend differ,
 * and the local firewall action is dropped (a test must never touch iptables).
 */
export function testJails(authLog: string, mikrotikLog: string): string {
  return [
    `[sshd]\nlogpath = ${authLog}\nbackend = polling\nusedns = no\naction = banbridge\n`,
    `[recidive]\nenabled = false\n`,
    `[mikrotik-login]\nenabled = true\nlogpath = ${mikrotikLog}\nbackend = polling\n`,
    `[mikrotik-ipsec]\nenabled = true\nlogpath = ${mikrotikLog}\nbackend = polling\n`,
  ].join('\n');
}
