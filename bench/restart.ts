/**
 * Restart at scale: a store and a router that already hold the same `entries` bans, then
 * `banbridge serve` started as a real child process, as installed: the compiled CLI
 * (`npm run build` → dist/, run through bin/banbridge.js). Measured: from spawn until /readyz
 * answers 200, and until the start reconcile is recorded (it must make zero router writes),
 * plus the serving process's peak RSS (VmHWM) with that many active bans. The simulator runs
 * in its own child process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { fillStore } from './fill-store.js';
import { LIST, spawnSimChild } from './routeros-list.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/banbridge.js', import.meta.url));

/** Compiles src/ to dist/ (what `npm install` does via "prepare"). */
function build(): void {
  const result = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('npm run build failed');
}
const TOKEN = 'bench-admin-token-0123456789';

export interface RestartResult {
  entries: number;
  readyMs: number;
  reconciledMs: number;
  writes: number;
  inPlace: number;
  peakRssMiB: number;
}

export async function benchRestart(entries: number): Promise<RestartResult> {
  build();
  const dir = mkdtempSync(join(tmpdir(), 'banbridge-restart-'));
  const sim = await spawnSimChild(entries);
  try {
    await (await fillStore(join(dir, 'bench.db'), entries)).close();
    const configFile = join(dir, 'banbridge.yaml');
    writeFileSync(
      configFile,
      stringify({
        listen: { host: '127.0.0.1', port: 0 },
        log: { level: 'warn' },
        users: [{ name: 'admin', role: 'admin', token: TOKEN }],
        store: { path: join(dir, 'bench.db') },
        routers: [
          {
            name: 'edge1',
            host: '127.0.0.1',
            port: sim.port,
            username: 'bench',
            password: 'bench',
            address_list: LIST,
            address_list_v6: LIST,
          },
        ],
        policy: { max_active_bans: Math.max(50_000, entries * 2) },
      }),
    );
    const started = performance.now();
    // BENCH_PROFILE_DIR=dir writes a CPU profile of the restarted serve there (open it in
    // Chrome's DevTools or speedscope) to see where start-up goes.
    const profile = process.env.BENCH_PROFILE_DIR
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
      : [];
    const child = spawn(process.execPath, [...profile, BIN, 'serve', '--config', configFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const lines = createInterface({ input: child.stdout });
        lines.on('line', (line) => {
          const match = /listening on (\S+)/.exec(line);
          if (match) resolve(match[1] as string);
        });
        child.once('exit', () => reject(new Error('serve exited before listening')));
      });
      let readyMs = 0;
      for (;;) {
        if (readyMs === 0) {
          const ready = await fetch(`${url}/readyz`);
          if (ready.status === 200) readyMs = performance.now() - started;
          else {
            await new Promise((resolve) => setTimeout(resolve, 50));
            continue;
          }
        }
        const status = (await (
          await fetch(`${url}/v1/status`, { headers: { authorization: `Bearer ${TOKEN}` } })
        ).json()) as { routers: { last_sync: Record<string, number> | null }[] };
        const sync = status.routers[0]?.last_sync;
        if (sync && typeof sync.in_place === 'number') {
          const reconciledMs = performance.now() - started;
          const vmHwm = /VmHWM:\s+(\d+) kB/.exec(
            readFileSync(`/proc/${child.pid}/status`, 'utf8'),
          )?.[1];
          return {
            entries,
            readyMs,
            reconciledMs,
            writes:
              (sync.added ?? 0) +
              (sync.removed ?? 0) +
              (sync.refreshed ?? 0) +
              (sync.reenabled ?? 0),
            inPlace: sync.in_place,
            peakRssMiB: Number(vmHwm ?? 0) / 1024,
          };
        }
        // Poll gently: /v1/status counts 100,000 bans, and the poll must not be the load.
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
