/**
 * `banbridge sync` keeps one writer per router, with real processes: a `serve` child and
 * `banbridge sync` children on one store (a SQLite file, or PostgreSQL in the postgres
 * project), and the RouterOS simulator over TCP, which records which login wrote. serve logs
 * in as bb-serve, the command as bb-cli, so the writer log tells who touched the router.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { RouterSim } from '../../src/sim/router-sim.js';
import { Store } from '../../src/store/store.js';
import { captureIo } from '../helpers/capture-io.js';
import { cleanupsAfterEach } from '../helpers/cleanups.js';
import { waitFor } from '../helpers/daemons.js';
import { ADMIN_TOKEN, basic, REPORTER, testConfigObject } from '../helpers/service.js';
import { runBanbridge, spawnServe } from '../helpers/spawn-banbridge.js';
import { testStoreConfig } from '../helpers/test-store.js';
import { addresses, FAST_WORKER, LIST } from '../worker/sim-helpers.js';

const SERVE = { name: 'bb-serve', password: 'router-pw-serve' };
const CLI = { name: 'bb-cli', password: 'router-pw-cli' };
const cleanup = cleanupsAfterEach();

interface Setup {
  sim: RouterSim;
  dir: string;
  serveConfig: string;
  cliConfig: string;
  store(): Promise<Store>;
}

async function setup(onChange?: () => void): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'banbridge-sync-lease-'));
  cleanup(() => rmSync(dir, { recursive: true, force: true }));
  const sim = new RouterSim({ users: [SERVE, CLI], ...(onChange ? { onChange } : {}) });
  await sim.start({ port: 0 });
  cleanup(() => sim.stop());
  const write = (name: string, user: typeof SERVE) => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      stringify(
        testConfigObject(dir, {
          log: { level: 'info', format: 'json' },
          worker: FAST_WORKER,
          routers: [
            {
              name: 'edge1',
              host: '127.0.0.1',
              port: sim.port,
              username: user.name,
              password: user.password,
              // the simulator may be stalled on purpose: no command gives up meanwhile
              command_timeout: '60s',
              connect_timeout: '2s',
              sync_interval: '10m',
            },
          ],
        }),
      ),
    );
    return file;
  };
  return {
    sim,
    dir,
    serveConfig: write('serve', SERVE),
    cliConfig: write('cli', CLI),
    store: async () => {
      const store = await Store.open(testStoreConfig(dir));
      cleanup(() => store.close());
      return store;
    },
  };
}

async function serve(file: string) {
  const child = await spawnServe(file);
  cleanup(() => child.kill().catch(() => undefined));
  return child;
}

async function routerStatus(
  url: string,
): Promise<{ driving: boolean; driven_by: string | null; guard: { held: number } | null }> {
  const res = await fetch(`${url}/v1/status`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const body = (await res.json()) as { routers: Awaited<ReturnType<typeof routerStatus>>[] };
  return body.routers[0] as Awaited<ReturnType<typeof routerStatus>>;
}

const cli = (file: string, ...args: string[]) => runBanbridge([...args, '--config', file]);

/** `banbridge ban IP` in-process (it only records; no router is written). */
async function ban(s: Setup, ip: string): Promise<void> {
  const io = captureIo(s.dir);
  expect(await runCli(['ban', ip, '--config', s.cliConfig], io), io.err).toBe(0);
}

describe('banbridge sync and the router lease', () => {
  it('while serve drives the router, sync asks it to reconcile (removals too) and writes nothing itself', async () => {
    const s = await setup();
    for (let i = 1; i <= 25; i++) {
      s.sim.addEntry(4, { list: LIST, address: `45.155.206.${i}`, comment: 'banbridge old' });
    }
    await ban(s, '45.155.205.233');
    const running = await serve(s.serveConfig);
    // a store that never synced with this router: its start reconcile adds, removes nothing
    const driver = await waitFor(
      'serve drives edge1 and held the removals',
      async () => {
        const st = await routerStatus(running.url);
        return st.driving && st.guard !== null && st.driven_by;
      },
      30_000,
    );
    expect(addresses(s.sim)).toHaveLength(26);

    const plain = await cli(s.cliConfig, 'sync');
    expect(plain.stderr).toContain(`edge1: driven by ${driver} (lease until `);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^edge1: \{.*"removed":0/m);
    expect(plain.stdout).toContain(`edge1: reconciled by ${driver} (the instance that drives it)`);
    expect(plain.stderr).toContain('25 of 26 banbridge entries NOT removed (never_synced)');
    expect(addresses(s.sim)).toHaveLength(26);

    const allowed = await cli(s.cliConfig, 'sync', '--allow-removals');
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain('asking it to reconcile with removals allowed');
    expect(allowed.stdout).toMatch(/^edge1: \{.*"removed":25/m);
    expect(allowed.stdout).toContain(`edge1: reconciled by ${driver}`);
    expect(allowed.stderr).not.toContain('NOT removed');
    expect(addresses(s.sim)).toEqual(['45.155.205.233']);

    // every write came from serve's session; the command never wrote
    const writers = s.sim.writers();
    expect(Object.keys(writers.writesByUser)).toEqual([SERVE.name]);
    expect(writers.writesByUser[SERVE.name]).toBeGreaterThanOrEqual(26);
    expect(writers.maxConcurrentWriters).toBe(1);
    const store = await s.store();
    expect(await store.syncRequests.open('edge1')).toBeNull();
  }, 90_000);

  it('with no serve it takes the lease and syncs itself; a serve starting meanwhile waits for it', async () => {
    let stallAfterFirstWrite = true;
    const s: Setup = await setup(() => {
      // the command's first write: hold the router there, the lease stays the command's
      if (stallAfterFirstWrite) s.sim.stall();
      stallAfterFirstWrite = false;
    });
    for (const ip of ['45.155.205.1', '45.155.205.2', '45.155.205.3']) await ban(s, ip);
    const syncing = cli(s.cliConfig, 'sync');
    const store = await s.store();
    const holder = await waitFor(
      'the command holds the lease and stalls after its first write',
      async () => {
        const lease = await store.leases.live('edge1');
        return !stallAfterFirstWrite && lease?.holder.startsWith('sync@') && lease.holder;
      },
      30_000,
    );

    const running = await serve(s.serveConfig);
    await waitFor(
      'serve is standby while the command holds the lease',
      async () => {
        const st = await routerStatus(running.url);
        return !st.driving && st.driven_by === holder;
      },
      30_000,
    );
    expect(s.sim.writers().writesByUser[SERVE.name]).toBeUndefined();
    s.sim.resume();

    const done = await syncing;
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/^edge1: \{.*"added":3/m);
    expect(done.stdout).toContain(
      `edge1: reconciled by this command (${holder}; no instance drove the router)`,
    );
    expect(addresses(s.sim).sort()).toEqual(['45.155.205.1', '45.155.205.2', '45.155.205.3']);

    // the lease was released: serve takes the router and a new ban reaches it through serve
    await waitFor(
      'serve drives edge1',
      async () => (await routerStatus(running.url)).driving,
      30_000,
    );
    const res = await fetch(`${running.url}/v1/bans`, {
      method: 'POST',
      headers: { authorization: basic(REPORTER), 'content-type': 'application/json' },
      body: JSON.stringify({ ip: '45.155.205.4' }),
    });
    expect(res.status).toBe(202);
    await waitFor('ban via serve', () => addresses(s.sim).includes('45.155.205.4'), 30_000);
    const writers = s.sim.writers();
    expect(writers.writesByUser[CLI.name]).toBe(3);
    expect(writers.writesByUser[SERVE.name]).toBeGreaterThanOrEqual(1);
    expect(writers.maxConcurrentWriters).toBe(1);
  }, 90_000);

  it('a holder that does not answer in time: exit 1 naming it and its lease, nothing written', async () => {
    const s = await setup();
    await ban(s, '45.155.205.233');
    const store = await s.store();
    // an instance that holds the lease but is stuck (never reconciles)
    expect(await store.leases.acquire('edge1', 'frozen-host:4242:abcdef', 600_000)).toBe(true);

    const r = await cli(s.cliConfig, 'sync', '--wait', '1s', '--allow-removals');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^edge1: sync failed SYNC_NOT_ANSWERED: frozen-host:4242:abcdef holds the router's lease \(until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z, renewed while it runs\) and did not reconcile within 1 s; nothing was written from here/m,
    );
    expect(r.stdout).toBe('');
    expect(s.sim.writers().writesByUser).toEqual({});
    expect(addresses(s.sim)).toEqual([]);
    // the request was taken back: the stuck instance will not act on it later
    expect(await store.syncRequests.open('edge1')).toBeNull();
    expect((await store.leases.live('edge1'))?.holder).toBe('frozen-host:4242:abcdef');
  }, 60_000);

  it('while the router is down, the driving serve answers at once with why; nothing waits for the reconnect', async () => {
    const s = await setup();
    const running = await serve(s.serveConfig);
    const driver = await waitFor(
      'serve drives edge1',
      async () => {
        const st = await routerStatus(running.url);
        return st.driving && st.driven_by;
      },
      30_000,
    );
    await s.sim.stop();
    await waitFor(
      'serve sees edge1 down',
      async () => {
        const res = await fetch(`${running.url}/v1/status`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        const body = (await res.json()) as { routers: { state: string }[] };
        return body.routers[0]?.state === 'down';
      },
      30_000,
    );

    // A wait far longer than the test's timeout: only an answer ends the command in time.
    const r = await cli(s.cliConfig, 'sync', '--wait', '10m');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`edge1: driven by ${driver} (lease until `);
    expect(r.stderr).toMatch(
      /^edge1: sync failed ROUTER_UNREACHABLE: edge1 is unavailable \(.+\); the next attempt is in \d+ s, and it is reconciled as soon as it is back/m,
    );
    expect(r.stderr).not.toContain('SYNC_NOT_ANSWERED');
    const store = await s.store();
    expect(await store.syncRequests.open('edge1')).toBeNull();
    expect((await store.leases.live('edge1'))?.holder).toBe(driver);
  }, 60_000);
});
