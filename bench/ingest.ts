/**
 * Ingest throughput: Graylog notifications (the recommended template's body, one new
 * address each) POSTed by one client at a fixed concurrency over keep-alive connections, to
 * (a) a bare express JSON endpoint, (b) banbridge on SQLite, (c) banbridge on PostgreSQL,
 * (d) two banbridge instances on one PostgreSQL (the client alternates). Every server runs
 * in its own process; the client is the same for all. (a) and (b) take turns five times and
 * report their median runs (and SQLite the median of its per-round share of bare express).
 *
 * `npx tsx bench/ingest.ts` runs this section alone: BENCH_INGEST sets the request count,
 * BENCH_INGEST_TARGETS picks targets (comma-separated: bare, sqlite, pg1, pg2, default all of
 * those; and node, the same endpoint as bare express on node:http alone).
 * Besides requests per second each run reports the server processes' CPU time per request
 * (/proc/PID/stat utime + stime): on a shared, busy machine it moves much less than
 * throughput does, so compare changes by it. The client's own CPU per request is reported
 * too: client and server share the machine's cores.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { startPostgres } from '../test/helpers/postgres.js';
import { spawnServe, type SpawnedBanbridge } from '../test/helpers/spawn-banbridge.js';

const TOKEN = 'bench-graylog-token-0123456789';
const TEMPLATE = readFileSync(
  fileURLToPath(
    new URL(
      '../test/fixtures/graylog/notifications/v2-recommended-template-with-backlog.json',
      import.meta.url,
    ),
  ),
  'utf8',
);

export interface IngestRun {
  target: string;
  requests: number;
  ok: number;
  ms: number;
  perSecond: number;
  /** CPU time (user + system) the server process(es) spent per request, in microseconds. */
  serverCpuUs: number;
  /**
   * CPU time the client (this process) spent per request: it shares the machine's cores with
   * the server, so it bounds what any server can reach here.
   */
  clientCpuUs: number;
  /** Req/s of each alternating round (bare express and SQLite); the figures above are the median's. */
  rounds?: number[];
  /**
   * SQLite only: the median over the rounds of its req/s divided by bare express's in the same
   * round. Each pair ran back to back, so the machine's drift cancels out of each ratio.
   */
  pairedShare?: number;
}

/** A public address per request number (45.x.y.z, none special-purpose). */
const address = (i: number) =>
  `45.${64 + Math.floor(i / 65_536)}.${Math.floor(i / 256) % 256}.${(i % 254) + 1}`;

/**
 * CPU milliseconds (user + system) the processes used so far: /proc/PID/stat fields 14 and 15,
 * in clock ticks (https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html), 100 a second
 * on Linux (USER_HZ).
 */
function cpuMs(pids: readonly (number | undefined)[]): number {
  let ticks = 0;
  for (const pid of pids) {
    // After the command name in parentheses, field 3 (state) comes first.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10;
}

async function load(
  urls: readonly string[],
  total: number,
  concurrency: number,
  offset: number,
  servers: readonly ChildProcess[],
): Promise<Omit<IngestRun, 'target'>> {
  const pids = servers.map((s) => s.pid);
  const cpuBefore = cpuMs(pids);
  const clientBefore = process.cpuUsage();
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let ok = 0;
  const post = (url: string, body: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        `${url}/v1/graylog`,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${TOKEN}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const body = TEMPLATE.replaceAll('203.0.113.66', address(offset + i));
        const status = await post(urls[i % urls.length] as string, body);
        if (status >= 200 && status < 300) ok++;
      }
    }),
  );
  const ms = performance.now() - started;
  agent.destroy();
  const serverCpuUs = ((cpuMs(pids) - cpuBefore) / total) * 1000;
  const client = process.cpuUsage(clientBefore);
  const clientCpuUs = (client.user + client.system) / total;
  return { requests: total, ok, ms, perSecond: (ok / ms) * 1000, serverCpuUs, clientCpuUs };
}

function startBare(file = 'bare-express-child.ts'): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, child });
    });
    child.once('exit', (code) => reject(new Error(`bare express exited ${code}`)));
  });
}

function banbridgeConfig(dir: string, name: string, store: Record<string, string>): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    stringify({
      listen: { host: '127.0.0.1', port: 0 },
      log: { level: 'warn', format: 'json' },
      users: [{ name: 'graylog', role: 'reporter', token: TOKEN }],
      store,
      policy: { max_new_bans_per_minute: 10_000_000, max_active_bans: 10_000_000 },
    }),
  );
  return file;
}

const INGEST_TARGETS = ['bare', 'node', 'sqlite', 'pg1', 'pg2'] as const;
type IngestTarget = (typeof INGEST_TARGETS)[number];

/** Alternating rounds of bare express and banbridge on SQLite. */
const ROUNDS = 5;

/**
 * Requests each server gets before it is measured, so the rounds measure a running service,
 * not V8 still compiling the client and the server: with 500, bare express's first round ran
 * about a third slower than its other four (4,483 against 7,080 req/s); with 3,000, 12 %.
 */
const WARMUP = 3000;

/** The run with the median throughput, with every round's req/s beside it. */
function median(runs: Omit<IngestRun, 'target'>[]): Omit<IngestRun, 'target'> {
  const sorted = [...runs].sort((a, b) => a.perSecond - b.perSecond);
  const middle = sorted[Math.floor(sorted.length / 2)] as Omit<IngestRun, 'target'>;
  return { ...middle, rounds: runs.map((r) => Math.round(r.perSecond)) };
}

export async function benchIngest(
  options: { requests?: number; concurrency?: number; targets?: readonly IngestTarget[] } = {},
): Promise<IngestRun[]> {
  const total = options.requests ?? 4000;
  const concurrency = options.concurrency ?? 16;
  // `node` only when asked for: it is context, not a goal.
  const targets = new Set(options.targets ?? INGEST_TARGETS.filter((t) => t !== 'node'));
  const dir = mkdtempSync(join(tmpdir(), 'banbridge-ingest-'));
  const runs: IngestRun[] = [];
  const children: SpawnedBanbridge[] = [];
  const pg = targets.has('pg1') || targets.has('pg2') ? await startPostgres() : undefined;
  try {
    // Bare express and banbridge on SQLite take turns, ROUNDS times, both servers up: the
    // machine's load drifts within seconds, so alternating and taking each one's median
    // compares them under the same conditions (one run each swung 2× on a shared VM).
    const bare = targets.has('bare') ? await startBare() : undefined;
    const sqlite = targets.has('sqlite')
      ? await spawnServe(banbridgeConfig(dir, 'sqlite', { path: join(dir, 'b.db') }))
      : undefined;
    if (sqlite !== undefined) children.push(sqlite);
    try {
      const bareRuns: Omit<IngestRun, 'target'>[] = [];
      const sqliteRuns: Omit<IngestRun, 'target'>[] = [];
      if (bare !== undefined) await load([bare.url], WARMUP, concurrency, 0, [bare.child]);
      if (sqlite !== undefined)
        await load([sqlite.url], WARMUP, concurrency, 1_000_000, [sqlite.child]);
      for (let round = 0; round < ROUNDS; round++) {
        if (bare !== undefined) {
          bareRuns.push(await load([bare.url], total, concurrency, 0, [bare.child]));
        }
        if (sqlite !== undefined) {
          sqliteRuns.push(
            await load([sqlite.url], total, concurrency, round * total, [sqlite.child]),
          );
        }
      }
      if (bare !== undefined) runs.push({ target: 'bare express', ...median(bareRuns) });
      if (targets.has('node')) {
        // After the rounds, once: what express itself costs, for the record.
        const node = await startBare('node-http-child.ts');
        try {
          await load([node.url], WARMUP, concurrency, 0, [node.child]);
          runs.push({
            target: 'bare node:http (no express)',
            ...(await load([node.url], total, concurrency, 0, [node.child])),
          });
        } finally {
          node.child.kill('SIGKILL');
        }
      }
      if (sqlite !== undefined) {
        const shares = sqliteRuns.map((r, i) => r.perSecond / (bareRuns[i]?.perSecond ?? NaN));
        runs.push({
          target: 'banbridge, SQLite',
          ...median(sqliteRuns),
          ...(bare === undefined
            ? {}
            : { pairedShare: [...shares].sort((a, b) => a - b)[Math.floor(shares.length / 2)] }),
        });
      }
    } finally {
      bare?.child.kill('SIGKILL');
      await sqlite?.stop();
    }
    if (pg !== undefined) {
      const url = await pg.newDatabase();
      const one = await spawnServe(banbridgeConfig(dir, 'pg1', { url }));
      children.push(one);
      await load([one.url], WARMUP, concurrency, 1_000_000, [one.child]);
      if (targets.has('pg1')) {
        runs.push({
          target: 'banbridge, PostgreSQL, 1 instance',
          ...(await load([one.url], total, concurrency, 0, [one.child])),
        });
      }
      if (targets.has('pg2')) {
        const two = await spawnServe(banbridgeConfig(dir, 'pg2', { url }));
        children.push(two);
        const both = [one.child, two.child];
        runs.push({
          target: 'banbridge, PostgreSQL, 2 instances',
          ...(await load([one.url, two.url], total, concurrency, 2_000_000, both)),
        });
      }
    }
  } finally {
    for (const c of children) await c.stop().catch(() => undefined);
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const targets = process.env.BENCH_INGEST_TARGETS?.split(',').map((t) => t.trim());
  const unknown = targets?.filter((t) => !(INGEST_TARGETS as readonly string[]).includes(t)) ?? [];
  if (unknown.length > 0) throw new Error(`BENCH_INGEST_TARGETS: unknown ${unknown.join(', ')}`);
  const runs = await benchIngest({
    requests: Number(process.env.BENCH_INGEST ?? '4000'),
    ...(targets === undefined ? {} : { targets: targets as IngestTarget[] }),
  });
  for (const r of runs) {
    console.log(
      `${r.target.padEnd(36)} ${r.perSecond.toFixed(0).padStart(5)} req/s  ${r.serverCpuUs.toFixed(0).padStart(5)} µs server CPU/req  ${r.clientCpuUs.toFixed(0).padStart(4)} µs client  (${r.ok}/${r.requests} 2xx, ${r.ms.toFixed(0)} ms${r.rounds ? `; rounds ${r.rounds.join(', ')} req/s` : ''}${r.pairedShare === undefined ? '' : `; ${(r.pairedShare * 100).toFixed(0)} % of bare express, median of the rounds`})`,
    );
  }
}
