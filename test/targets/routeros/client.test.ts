import { afterEach, describe, expect, it } from 'vitest';
import { BanbridgeError } from '../../../src/core/errors.js';
import { silentLog } from '../../../src/core/logger.js';
import { RouterSim, type RouterSimOptions } from '../../../src/sim/router-sim.js';
import {
  RouterOsClient,
  type RouterOsClientOptions,
} from '../../../src/targets/routeros/client.js';
import { failOnUnhandled, recordingLog, SIM_USER } from './helpers.js';

failOnUnhandled();

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function setup(
  simOptions: RouterSimOptions = {},
  clientOptions: Partial<RouterOsClientOptions> = {},
): Promise<{ sim: RouterSim; client: RouterOsClient }> {
  const sim = new RouterSim({ users: [SIM_USER], ...simOptions });
  const port = await sim.start();
  cleanup.push(() => sim.stop());
  const client = new RouterOsClient({
    name: 'edge1',
    host: '127.0.0.1',
    port,
    tls: undefined,
    username: SIM_USER.name,
    password: SIM_USER.password,
    window: 8,
    commandTimeoutMs: 2000,
    connectTimeoutMs: 2000,
    log: silentLog,
    ...clientOptions,
  });
  cleanup.push(() => client.close());
  return { sim, client };
}

async function rejection(promise: Promise<unknown>): Promise<BanbridgeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BanbridgeError);
  return error as BanbridgeError;
}

const RESOURCE = ['/system/resource/print'];
const EMPTY_PRINT = ['/ip/firewall/address-list/print', '?list=none'];

describe('RouterOsClient against the simulator', () => {
  it('logs in and runs a command', async () => {
    const { client } = await setup();
    const result = await client.command(RESOURCE);
    expect(result.rows[0]?.get('board-name')).toBe('banbridge-sim');
    expect(result.traps).toEqual([]);
  });

  it('handles !empty (7.18+) and its absence (pre-7.18) without crashing', async () => {
    const modern = await setup();
    expect(await modern.client.command(EMPTY_PRINT)).toMatchObject({ rows: [], empty: true });
    const old = await setup({ pre718: true });
    expect(await old.client.command(EMPTY_PRINT)).toMatchObject({ rows: [], empty: false });
  });

  it('logs in to a pre-6.43 router with the MD5 challenge', async () => {
    const { client, sim } = await setup({ legacyLogin: true });
    await client.command(RESOURCE);
    expect(sim.stats().logins).toBe(1);
  });

  it('wrong password → non-retryable ROUTER_AUTH naming the router, never the password', async () => {
    const log = recordingLog();
    const { client } = await setup({}, { password: 'wrong-horse-battery', log });
    const error = await rejection(client.command(RESOURCE));
    expect(error.code).toBe('ROUTER_AUTH');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('edge1');
    expect(error.message).toContain('invalid user name or password (6)');
    expect(error.message).not.toContain('wrong-horse-battery');
    expect(log.lines.join('\n')).not.toContain('wrong-horse-battery');
  });

  it('collects both traps of an unknown menu', async () => {
    const { client } = await setup();
    const result = await client.command(['/system/routerboard/getall']);
    expect(result.traps.map((t) => t.message)).toEqual([
      'no such command or directory (routerboard)',
      'no such command prefix',
    ]);
  });

  it('keeps at most `window` commands in flight, so N commands cost about N/window round trips', async () => {
    const { client, sim } = await setup({ latencyMs: 20 }, { window: 8 });
    await client.command(RESOURCE);
    sim.resetStats();
    const started = Date.now();
    await Promise.all(Array.from({ length: 200 }, () => client.command(RESOURCE)));
    const elapsed = Date.now() - started;
    expect(sim.stats().maxInFlight).toBe(8);
    expect(sim.stats().commands).toBe(200);
    expect(elapsed).toBeLessThan(200 * 20 * 0.5); // sequential would be >= 4000 ms
  });

  it('decodes replies the simulator cuts into random small writes', async () => {
    const { client, sim } = await setup({ chunking: 'hostile' });
    for (let i = 0; i < 50; i++)
      sim.addEntry(4, { list: 'L', address: `10.1.0.${i}`, comment: `c${i}` });
    const result = await client.command(['/ip/firewall/address-list/print', '?list=L']);
    expect(result.rows).toHaveLength(50);
    expect(result.rows[49]?.get('comment')).toBe('c49');
  });

  it('rejects every in-flight and queued command with ROUTER_DISCONNECTED when the router drops, then reconnects', async () => {
    const { client, sim } = await setup({ latencyMs: 300 }, { window: 4 });
    const events: boolean[] = [];
    client.on('connected', ({ reconnect }) => events.push(reconnect));
    await client.command(RESOURCE);
    const pending = Array.from({ length: 10 }, () => client.command(RESOURCE));
    await new Promise((resolve) => setTimeout(resolve, 50));
    sim.dropConnections();
    const errors = await Promise.all(pending.map(rejection));
    expect(errors.map((e) => e.code)).toEqual(Array(10).fill('ROUTER_DISCONNECTED'));
    expect(errors.every((e) => e.retryable)).toBe(true);
    sim.latencyMs = 0;
    await client.command(RESOURCE);
    expect(events).toEqual([false, true]);
  });

  it('a stalled router → ROUTER_TIMEOUT, the session is abandoned, the next use reconnects', async () => {
    const { client, sim } = await setup({}, { commandTimeoutMs: 300 });
    await client.command(RESOURCE);
    sim.stall();
    const first = client.command(RESOURCE);
    const second = client.command(RESOURCE);
    expect((await rejection(first)).code).toBe('ROUTER_TIMEOUT');
    expect((await rejection(second)).code).toMatch(/ROUTER_TIMEOUT|ROUTER_DISCONNECTED/);
    sim.resume();
    await client.command(RESOURCE);
    expect(sim.stats().totalConnections).toBe(2);
  });

  it('a router that accepts TCP but never answers the login → ROUTER_TIMEOUT within connect_timeout', async () => {
    const { client, sim } = await setup({}, { connectTimeoutMs: 300 });
    sim.stall();
    const started = Date.now();
    expect((await rejection(client.command(RESOURCE))).code).toBe('ROUTER_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refused connections → ROUTER_UNREACHABLE; the client keeps no backoff of its own', async () => {
    const { client, sim } = await setup();
    await sim.refuseConnections();
    const error = await rejection(client.command(RESOURCE));
    expect(error.code).toBe('ROUTER_UNREACHABLE');
    expect(error.retryable).toBe(true);
    expect(error.connection).toBe(true);
    expect(error.message).toContain('ECONNREFUSED');
    await sim.acceptConnections();
    // The very next command connects: when to try is the worker's decision (worker/backoff.ts).
    await client.command(RESOURCE);
  });

  it('!fatal (after /quit) → ROUTER_FATAL for the command in flight', async () => {
    const { client } = await setup();
    await client.command(RESOURCE);
    const error = await rejection(client.command(['/quit']));
    expect(error.code).toBe('ROUTER_FATAL');
    expect(error.message).toContain('session terminated on request');
    await client.command(RESOURCE); // reconnects
  });

  it('close() rejects what is in flight and later commands', async () => {
    const { client } = await setup({ latencyMs: 200 });
    await client.command(RESOURCE);
    const pending = rejection(client.command(RESOURCE));
    await client.close();
    expect((await pending).code).toBe('ROUTER_DISCONNECTED');
    expect((await rejection(client.command(RESOURCE))).code).toBe('ROUTER_DISCONNECTED');
  });

  it('the router going away during login is a typed error', async () => {
    const { client, sim } = await setup({ latencyMs: 100 });
    const pending = client.command(RESOURCE);
    await new Promise((resolve) => setTimeout(resolve, 30));
    sim.dropConnections();
    expect((await rejection(pending)).code).toBe('ROUTER_DISCONNECTED');
  });
});
