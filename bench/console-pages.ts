/**
 * The operator console's ban list and lookup with 100,000 active bans: the median time of
 * each page over real HTTP (sign-in session, server-side filtering and keyset paging), first
 * with migration 4's indexes, then with them dropped, so the ratio shows what they buy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfigText } from '../src/config/load.js';
import { silentLog } from '../src/core/logger.js';
import { startService } from '../src/main/start-service.js';
import { Store } from '../src/store/store.js';
import { banRow } from '../test/helpers/ban-row.js';

export interface ConsolePagesResult {
  bans: number;
  /** Median ms per page, with and without the migration-4 indexes. */
  pages: { page: string; indexedMs: number; unindexedMs: number }[];
}

const SOURCES = ['graylog', 'web01-f2b/sshd@web01', 'web02-f2b/nginx-botsearch@web02', 'api'];

function address(i: number): string {
  return `45.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

async function seed(path: string, count: number): Promise<void> {
  const store = await Store.open(path);
  const now = Date.now();
  await store.transaction(async () => {
    for (let i = 0; i < count; i++) {
      const key = address(i);
      const at = now - (i % 86_400) * 1000;
      await store.bans.save(
        banRow(key, at, {
          expires_at: at + 7 * 86_400_000,
          reason: i % 10 === 0 ? 'nginx bot search' : 'ssh brute force',
        }),
      );
      const source = SOURCES[i % SOURCES.length] as string;
      await store.bans.claim(key, source, source.split('/')[0] as string, at);
    }
  });
  await store.close();
}

async function median(runs: number, fn: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export async function benchConsolePages(
  options: { bans?: number; runs?: number } = {},
): Promise<ConsolePagesResult> {
  const count = options.bans ?? 100_000;
  const runs = options.runs ?? 15;
  const dir = mkdtempSync(join(tmpdir(), 'banbridge-bench-console-'));
  const path = join(dir, 'bench.db');
  await seed(path, count);
  const loaded = loadConfigText(
    stringify({
      listen: { host: '127.0.0.1', port: 0 },
      users: [{ name: 'admin', role: 'admin', password: 'bench-admin-password' }],
      store: { path },
      policy: { max_active_bans: count * 2 },
    }),
    {},
    dir,
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const service = await startService(loaded.config, silentLog);
  const pages = [
    ['bans, first page', '/ui/bans'],
    ['bans, page after 45.1.0.0', '/ui/bans?after=45.1.0.0'],
    ['bans, source filter', '/ui/bans?source=web02-f2b%2Fnginx-botsearch%40web02'],
    ['bans, text "45.1.2"', '/ui/bans?text=45.1.2'],
    ['bans, reason text "nginx"', '/ui/bans?text=nginx'],
    ['look up one banned address', `/ui/?ip=${address(77_777)}`],
  ] as const;
  try {
    const login = await fetch(`${service.url}/ui/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=admin&password=bench-admin-password',
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const measure = async () => {
      const out: number[] = [];
      for (const [, path] of pages) {
        out.push(
          await median(runs, async () => {
            const res = await fetch(`${service.url}${path}`, { headers: { cookie } });
            if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
            await res.text();
          }),
        );
      }
      return out;
    };
    const indexed = await measure();
    for (const index of ['bans_active_key', 'claims_source', 'claims_credential']) {
      await service.store.db.run(`DROP INDEX ${index}`);
    }
    const unindexed = await measure();
    return {
      bans: count,
      pages: pages.map(([page], i) => ({
        page,
        indexedMs: indexed[i] as number,
        unindexedMs: unindexed[i] as number,
      })),
    };
  } finally {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('console-pages.ts')) {
  const result = await benchConsolePages();
  for (const p of result.pages) {
    process.stdout.write(
      `${p.page.padEnd(32)} ${p.indexedMs.toFixed(1).padStart(8)} ms   without indexes ${p.unindexedMs.toFixed(1).padStart(8)} ms\n`,
    );
  }
}
