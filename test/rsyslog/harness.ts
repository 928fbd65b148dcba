/**
 * A private rsyslogd running the shipped drop-ins on loopback: its own work
 * directory, pid file and unix socket (SysSock.Use="off": /dev/log is never touched, no
 * imklog), and syslog sinks on ephemeral loopback ports.
 */
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Daemon, findProgram, startDaemon, waitFor } from '../helpers/daemons.js';

export const SHIPPED_RSYSLOG = resolve(dirname(fileURLToPath(import.meta.url)), '../../rsyslog');
export const RSYSLOGD = (): string => findProgram('rsyslogd') ?? 'rsyslogd';

/**
 * A shipped drop-in with the operator's edits applied: the values of `target=` and
 * `port=` (the only things the operator edits), plus test-only replacements.
 */
export function renderDropIn(
  file: string,
  edits: { target?: string; port?: number; replace?: [string, string][] },
): string {
  let text = readFileSync(join(SHIPPED_RSYSLOG, file), 'utf8');
  const one = (re: RegExp, value: string | undefined): void => {
    if (value === undefined) return;
    const hits = text.match(new RegExp(re.source, 'g')) ?? [];
    if (hits.length !== 1)
      throw new Error(`${file}: expected exactly one ${re.source}, found ${hits.length}`);
    text = text.replace(re, value);
  };
  one(/\btarget="[^"]*"/, edits.target === undefined ? undefined : `target="${edits.target}"`);
  one(/\bport="[^"]*"/, edits.port === undefined ? undefined : `port="${edits.port}"`);
  for (const [from, to] of edits.replace ?? []) {
    if (!text.includes(from)) throw new Error(`${file}: "${from}" not found`);
    text = text.split(from).join(to);
  }
  return text;
}

export interface Rsyslogd {
  daemon: Daemon;
  /** imuxsock socket for `logger -u` (absent when started without it). */
  socket: string;
  stop(): Promise<void>;
}

/** The routers' addresses as shipped in 40-banbridge-mikrotik-server.conf (the operator replaces them). */
export const SHIPPED_ROUTERS = '["192.0.2.1", "192.0.2.2"]';

/**
 * The MikroTik drop-ins as an operator installs them: 40-…-server.conf with `routers` as the
 * address list and `logFile` instead of /var/log/mikrotik.log; with `listenerPort`, also
 * 41-…-listener.conf bound to 127.0.0.1 on that port. Returns the paths, in include order.
 */
export function mikrotikDropIns(
  dir: string,
  opts: { routers: string[]; logFile: string; listenerPort?: number },
): string[] {
  mkdirSync(dir, { recursive: true });
  const server = join(dir, '40-banbridge-mikrotik-server.conf');
  const list = `[${opts.routers.map((r) => `"${r}"`).join(', ')}]`;
  writeFileSync(
    server,
    renderDropIn('40-banbridge-mikrotik-server.conf', {
      replace: [
        [SHIPPED_ROUTERS, list],
        ['/var/log/mikrotik.log', opts.logFile],
      ],
    }),
  );
  if (opts.listenerPort === undefined) return [server];
  const listener = join(dir, '41-banbridge-mikrotik-listener.conf');
  writeFileSync(
    listener,
    renderDropIn('41-banbridge-mikrotik-listener.conf', {
      replace: [['port="5514"', `address="127.0.0.1" port="${opts.listenerPort}"`]],
    }),
  );
  return [server, listener];
}

/** A log host's own configuration around the drop-ins: a UDP input and a catch-all file. */
export interface MainConfig {
  /** Port of the main config's own imudp input on 127.0.0.1 (what 514 is on a log host); none if absent. */
  udpPort?: number;
  /** Where the main config's catch-all rule (after the drop-ins, as in Debian's) writes. */
  logFile: string;
}

/**
 * Starts `rsyslogd -n` with a main config of our own that includes `dropIns` (paths).
 * `withSocket` adds a private imuxsock input (the client drop-ins forward what arrives there);
 * `main` adds a log host's own UDP input before, and a catch-all file rule after, the drop-ins.
 */
export async function startRsyslogd(
  dir: string,
  dropIns: string[],
  opts: { withSocket: boolean; main?: MainConfig },
): Promise<Rsyslogd> {
  const work = join(dir, 'work');
  mkdirSync(work, { recursive: true });
  const socket = join(dir, 'log.sock');
  const main = join(dir, 'rsyslog.conf');
  writeFileSync(
    main,
    [
      '# private test instance: own work dir, own socket; no imklog, no /dev/log, no privilege drop',
      `global(workDirectory="${work}")`,
      ...(opts.withSocket
        ? [
            'module(load="imuxsock" SysSock.Use="off")',
            `input(type="imuxsock" Socket="${socket}" CreatePath="on")`,
          ]
        : []),
      ...(opts.main?.udpPort !== undefined
        ? [
            'module(load="imudp")',
            `input(type="imudp" address="127.0.0.1" port="${opts.main.udpPort}")`,
          ]
        : []),
      ...dropIns.map((p) => `include(file="${p}")`),
      ...(opts.main
        ? [`action(type="omfile" file="${opts.main.logFile}" template="RSYSLOG_FileFormat")`]
        : []),
      '',
    ].join('\n'),
  );
  const pidfile = join(dir, 'rsyslogd.pid');
  const daemon = startDaemon(RSYSLOGD(), ['-n', '-f', main, '-i', pidfile]);
  await waitFor(
    'rsyslogd pid file',
    () => existsSync(pidfile) || (daemon.exited() && new Error(daemon.output())),
    10_000,
    20,
  ).then((v) => {
    if (v instanceof Error) throw new Error(`rsyslogd exited: ${v.message}`);
  });
  if (opts.withSocket) await waitFor('rsyslogd socket', () => existsSync(socket), 10_000, 20);
  return {
    daemon,
    socket,
    async stop() {
      await daemon.stop(15_000);
    },
  };
}

/** A loopback UDP syslog sink: one message per datagram. */
export interface UdpSink {
  port: number;
  messages: string[];
  close(): Promise<void>;
}

export function startUdpSink(port = 0): Promise<UdpSink> {
  return new Promise((resolvePromise, reject) => {
    const s: Socket = createSocket('udp4');
    const messages: string[] = [];
    s.on('message', (b) => messages.push(b.toString('utf8')));
    s.once('error', reject);
    s.bind(port, '127.0.0.1', () =>
      resolvePromise({
        port: s.address().port,
        messages,
        close: () => new Promise((r) => s.close(() => r())),
      }),
    );
  });
}

/** A loopback TCP syslog sink decoding RFC 6587 octet-counted frames, per connection. */
export interface TcpSink {
  port: number;
  messages: string[];
  /** Bytes that were not a valid octet-counted frame (must stay empty). */
  garbage: string[];
  close(): Promise<void>;
}

export function startTcpSink(port: number): Promise<TcpSink> {
  const messages: string[] = [];
  const garbage: string[] = [];
  const conns = new Set<import('node:net').Socket>();
  const server: Server = createServer((conn) => {
    conns.add(conn);
    conn.on('close', () => conns.delete(conn));
    let buf = Buffer.alloc(0);
    conn.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const sp = buf.indexOf(0x20);
        if (sp < 0) break;
        const len = Number(buf.subarray(0, sp).toString('ascii'));
        if (!Number.isInteger(len) || len <= 0) {
          garbage.push(buf.toString('utf8'));
          buf = Buffer.alloc(0);
          break;
        }
        if (buf.length < sp + 1 + len) break;
        messages.push(buf.subarray(sp + 1, sp + 1 + len).toString('utf8'));
        buf = buf.subarray(sp + 1 + len);
      }
    });
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolvePromise({
        port,
        messages,
        garbage,
        close: () =>
          new Promise((r) => {
            server.close(() => r());
            for (const c of conns) c.destroy();
          }),
      }),
    );
  });
}
