/**
 * RouterOS benchmarks (wired into `npm run bench` by bench/main.ts; standalone:
 * `npx tsx bench/routeros-push.ts`).
 *
 * (a) benchPush: N new bans into the simulator with a per-reply latency, through
 *     RouterOsTarget.add (tagged, pipelined) vs a one-command-at-a-time client (same encoder
 *     and decoder, awaiting each reply before sending the next).
 * (b) benchList: RouterOsTarget.list() of a 100,000-entry list served by a simulator in a
 *     child process, with the client process's peak RSS growth.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RouterConfig } from '../src/config/types.js';
import { silentLog } from '../src/core/logger.js';
import { RouterSim } from '../src/sim/router-sim.js';
import { RouterOsTarget } from '../src/targets/routeros/routeros-target.js';
import { encodeSentence } from '../src/targets/routeros/sentence.js';
import { SentenceDecoder } from '../src/targets/routeros/sentence-decoder.js';
import type { DesiredEntry } from '../src/targets/target.js';

export const LIST = 'Blocked address';
const USER = { name: 'bench', password: 'bench' };

export interface PushResult {
  count: number;
  latencyMs: number;
  window: number;
  pipelinedMs: number;
  sequentialMs: number;
  /** How many commands the simulator saw in flight at once during the pipelined run. */
  maxInFlight: number;
}

export interface ListResult {
  entries: number;
  listMs: number;
  /** Peak RSS growth of this process during list(), sampled every 5 ms, in MiB. */
  peakRssDeltaMiB: number;
  /** Growth of the process's lifetime maximum RSS (getrusage) during list(), in MiB. */
  maxRssDeltaMiB: number;
}

/**
 * A simulator holding `entries` banbridge entries (10.x.y.z, as bench/routeros-sim-child.ts
 * fills it) in a child process, so the memory figures are the client's alone.
 */
export async function spawnSimChild(
  entries: number,
): Promise<{ port: number; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('routeros-sim-child.ts', import.meta.url)),
      String(entries),
      LIST,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const { port } = JSON.parse(line) as { port: number };
  return {
    port,
    async stop() {
      child.stdin?.end();
      await once(child, 'exit');
    },
  };
}

export function config(port: number, window: number): RouterConfig {
  return {
    name: 'bench',
    host: '127.0.0.1',
    port,
    tls: false,
    tls_insecure: false,
    username: USER.name,
    password: USER.password,
    address_list: LIST,
    address_list_v6: LIST,
    entry_mode: 'dynamic',
    pipeline_window: window,
    command_timeout: '60s',
    connect_timeout: '10s',
    sync_interval: '10m',
    enabled: true,
  };
}

function address(i: number, base: number): string {
  return `${base}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

export async function benchPush(
  options: { count?: number; latencyMs?: number; window?: number } = {},
): Promise<PushResult> {
  const count = options.count ?? 10_000;
  const latencyMs = options.latencyMs ?? 5;
  const window = options.window ?? 64;
  const sim = new RouterSim({ users: [USER], latencyMs });
  const port = await sim.start();
  try {
    const target = new RouterOsTarget(config(port, window), silentLog);
    const expiresAt = Date.now() + 86_400_000;
    const entries: DesiredEntry[] = Array.from({ length: count }, (_, i) => ({
      key: address(i, 10),
      family: 4,
      comment: 'banbridge bench',
      expiresAt,
    }));
    await target.uptimeSeconds(); // connect and log in outside the timing
    sim.resetStats();
    let started = performance.now();
    const results = await target.add(entries);
    const pipelinedMs = performance.now() - started;
    const maxInFlight = sim.stats().maxInFlight;
    await target.close();
    if (results.some((r) => !r.ok)) throw new Error('pipelined adds failed');

    const sequential = await SequentialClient.connect(port);
    started = performance.now();
    for (let i = 0; i < count; i++) {
      const reply = await sequential.command([
        '/ip/firewall/address-list/add',
        `=list=${LIST}`,
        `=address=${address(i, 11)}`,
        '=comment=banbridge bench',
        '=timeout=1d',
      ]);
      if (reply !== '!done') throw new Error(`sequential add ${i} got ${reply}`);
    }
    const sequentialMs = performance.now() - started;
    sequential.close();
    return { count, latencyMs, window, pipelinedMs, sequentialMs, maxInFlight };
  } finally {
    await sim.stop();
  }
}

/** One command at a time: write, wait for its final reply, then the next. */
class SequentialClient {
  private waiting: ((type: string) => void) | undefined;
  private lastType = '';

  private constructor(private readonly socket: net.Socket) {
    const decoder = new SentenceDecoder((words) => {
      const type = words[0]?.toString() ?? '';
      if (type === '!trap') this.lastType = type;
      if (type === '!done') {
        const result = this.lastType === '!trap' ? '!trap' : '!done';
        this.lastType = '';
        this.waiting?.(result);
      }
    });
    socket.on('data', (chunk: Buffer) => decoder.push(chunk));
    socket.setNoDelay(true);
  }

  static async connect(port: number): Promise<SequentialClient> {
    const socket = net.connect({ host: '127.0.0.1', port });
    await once(socket, 'connect');
    const client = new SequentialClient(socket);
    await client.command(['/login', `=name=${USER.name}`, `=password=${USER.password}`]);
    return client;
  }

  command(words: string[]): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(encodeSentence(words));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

export async function benchList(options: { entries?: number } = {}): Promise<ListResult> {
  const entries = options.entries ?? 100_000;
  const sim = await spawnSimChild(entries);
  const { port } = sim;
  try {
    const target = new RouterOsTarget(config(port, 64), silentLog);
    await target.uptimeSeconds();
    global.gc?.();
    const baseRss = process.memoryUsage.rss();
    const baseMaxRss = process.resourceUsage().maxRSS;
    let peakRss = baseRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 5);
    const started = performance.now();
    const listed = await target.list();
    const listMs = performance.now() - started;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const maxRssDeltaKiB = process.resourceUsage().maxRSS - baseMaxRss;
    await target.close();
    if (listed.length !== entries)
      throw new Error(`list() returned ${listed.length} of ${entries}`);
    return {
      entries,
      listMs,
      peakRssDeltaMiB: (peakRss - baseRss) / 2 ** 20,
      maxRssDeltaMiB: maxRssDeltaKiB / 1024,
    };
  } finally {
    await sim.stop();
  }
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? '10000'); // `npx tsx bench/routeros-push.ts [count]`
  const list = await benchList(); // first, so getrusage's lifetime peak is not the push's
  const push = await benchPush({ count });
  const rows: [string, string][] = [
    [
      `push ${push.count} bans, ${push.latencyMs} ms latency, pipelined (window ${push.window})`,
      `${push.pipelinedMs.toFixed(0)} ms`,
    ],
    [`push ${push.count} bans, one command at a time`, `${push.sequentialMs.toFixed(0)} ms`],
    [
      'speed-up',
      `${(push.sequentialMs / push.pipelinedMs).toFixed(1)}x (max in flight ${push.maxInFlight})`,
    ],
    [`list() of ${list.entries} entries`, `${list.listMs.toFixed(0)} ms`],
    [
      'list() peak RSS growth (sampled / getrusage)',
      `${list.peakRssDeltaMiB.toFixed(1)} MiB / ${list.maxRssDeltaMiB.toFixed(1)} MiB`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
