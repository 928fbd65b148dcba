/**
 * The shipped fail2ban action's transport (fail2ban/action.d/banbridge-report.sh) run the way
 * fail2ban runs it, one report per run, against banbridge down (refused), hanging (accepts,
 * never answers) and up (a loopback HTTP server answering 200): how long each run holds up
 * the jail, and how fast a queue built during an outage drains.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = join(
  dirname(fileURLToPath(import.meta.url)),
  '../fail2ban/action.d/banbridge-report.sh',
);

export interface ReportBench {
  runs: number;
  downMaxMs: number;
  hangMaxMs: number;
  hangTotalMs: number;
  drainReports: number;
  drainMs: number;
}

function report(dir: string, url: string, args: string[]): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) =>
    execFile(
      'sh',
      [
        SCRIPT,
        '--url',
        url,
        '--credentials',
        join(dir, 'cred'),
        '--spool',
        join(dir, 'spool'),
        ...args,
      ],
      (error) => (error ? reject(error) : resolve(performance.now() - t0)),
    ),
  );
}

const ban = (i: number) => [
  'ban',
  `ip=45.155.${Math.floor(i / 250)}.${i % 250}`,
  'jail=sshd',
  'host=web01',
  'bantime=3600',
  'failures=5',
  'restored=0',
];

export async function benchFail2banReport(runs = 20): Promise<ReportBench> {
  const dir = mkdtempSync(join(tmpdir(), 'bb-bench-f2b-'));
  writeFileSync(join(dir, 'cred'), 'user = "web01-f2b:bench-password"\n', { mode: 0o600 });
  try {
    // down: nothing listens on the port
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const url = `http://127.0.0.1:${port}`;
    const down: number[] = [];
    for (let i = 0; i < runs; i++)
      down.push(await report(dir, url, ['--retry-after', '0', ...ban(i)]));

    // hanging: accepts and never answers; default retry_after (30 s)
    const sockets = new Set<Socket>();
    const hang = createServer((s) => sockets.add(s));
    await new Promise<void>((r) => hang.listen(port, '127.0.0.1', r));
    rmSync(join(dir, 'spool', '.retry-at'), { force: true });
    const hung: number[] = [];
    for (let i = runs; i < 2 * runs; i++) hung.push(await report(dir, url, ban(i)));
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => hang.close(() => r()));

    // up: drain the queue with flush runs
    const up = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((r) => up.listen(port, '127.0.0.1', r));
    const queued = readdirSync(join(dir, 'spool', 'queue')).length;
    const t0 = performance.now();
    while (readdirSync(join(dir, 'spool', 'queue')).length > 0) await report(dir, url, ['flush']);
    const drainMs = performance.now() - t0;
    await new Promise<void>((r) => up.close(() => r()));
    return {
      runs,
      downMaxMs: Math.max(...down),
      hangMaxMs: Math.max(...hung),
      hangTotalMs: hung.reduce((a, b) => a + b, 0),
      drainReports: queued,
      drainMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
