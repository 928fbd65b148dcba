import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeWithDaemons, tempDir, writeSecretFile } from '../helpers/daemons.js';

const SCRIPT = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../fail2ban/action.d/banbridge-report.sh',
);

/** Runs the shipped transport once; resolves with its exit code and stderr. */
function report(
  args: string[],
): Promise<{ code: number | null; stderr: string; endedAt: number }> {
  return new Promise((resolve) => {
    const child = spawn('sh', [SCRIPT, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr, endedAt: Date.now() }));
  });
}

/** A loopback URL nothing listens on (connection refused). */
async function closedPort(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/**
 * Two jails banning at the same moment (sshd and recidive, say): two runs of the transport
 * at once. The second finds the first one sending and leaves its report in the queue; the
 * first must send it before it exits, or it waits for the next ban on this server, which
 * may be hours away. The receiving end answers slowly (800 ms, as banbridge under load
 * might), so the second report is queued while the first run is still sending.
 */
describeWithDaemons('fail2ban transport: reports queued during a send', ['curl', 'flock'], () => {
  let tmp: ReturnType<typeof tempDir>;
  let server: Server;
  let received: { path: string; ip: string | null; at: number }[];
  let url: string;

  beforeEach(async () => {
    tmp = tempDir('banbridge-f2b-queue');
    received = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        setTimeout(() => {
          received.push({
            path: req.url ?? '',
            ip: new URLSearchParams(body).get('ip'),
            at: Date.now(),
          });
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        }, 800);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    tmp.cleanup();
  });

  it('the run that holds the queue sends a report queued meanwhile before it exits', async () => {
    const credentials = join(tmp.dir, 'credentials');
    writeSecretFile(credentials, 'user = "web01:reporter-password-1"\n');
    const spool = join(tmp.dir, 'spool');
    const options = ['--url', url, '--credentials', credentials, '--spool', spool];
    options.push('--budget-ms', '5000');
    const fields = (ip: string) => [`ip=${ip}`, 'jail=sshd', 'host=web01', 'bantime=3600'];

    const first = report([...options, 'ban', ...fields('45.155.205.233')]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await report([...options, 'ban', ...fields('80.94.95.115')]);
    // The second run queued its report and left it to the first (which holds the lock).
    expect(second.code).toBe(0);
    const done = await first;
    expect(done.code).toBe(0);

    expect(received.map((r) => r.ip)).toEqual(['45.155.205.233', '80.94.95.115']);
    expect(received.every((r) => r.path === '/v1/fail2ban/ban')).toBe(true);
    // Sent by the first run, before it exited, not left for a later one.
    expect(Math.max(...received.map((r) => r.at))).toBeLessThanOrEqual(done.endedAt);
    expect(readdirSync(join(spool, 'queue'))).toEqual([]);
  });

  it('a full spool is sent first once banbridge is back; only while it is away is a report dropped', async () => {
    const credentials = join(tmp.dir, 'credentials');
    writeSecretFile(credentials, 'user = "web01:reporter-password-1"\n');
    const spool = join(tmp.dir, 'spool');
    const down = await closedPort();
    const options = (base: string) => [
      ...['--url', base, '--credentials', credentials, '--spool', spool],
      ...['--budget-ms', '5000', '--retry-after', '0', '--max-queued', '2'],
    ];
    const fields = (ip: string) => [`ip=${ip}`, 'jail=sshd', 'host=web01', 'bantime=3600'];

    // banbridge away: two reports fill the spool, a third is dropped.
    for (const ip of ['45.155.205.1', '45.155.205.2']) {
      expect((await report([...options(down), 'ban', ...fields(ip)])).code).toBe(0);
    }
    const dropped = await report([...options(down), 'ban', ...fields('45.155.205.3')]);
    expect(dropped.code).toBe(1);
    expect(dropped.stderr).toContain('spool full');
    expect(dropped.stderr).toContain('ip=45.155.205.3 jail=sshd host=web01 bantime=3600 dropped');
    expect(readdirSync(join(spool, 'queue'))).toHaveLength(2);
    expect(received).toEqual([]);

    // banbridge back: the next report finds the spool full, sends it, and is sent after it.
    const next = await report([...options(url), 'ban', ...fields('45.155.205.4')]);
    expect(next.code).toBe(0);
    expect(next.stderr).not.toContain('dropped');
    expect(received.map((r) => r.ip)).toEqual(['45.155.205.1', '45.155.205.2', '45.155.205.4']);
    expect(readdirSync(join(spool, 'queue'))).toEqual([]);
  });
});
