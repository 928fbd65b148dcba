import { afterEach, describe, expect, it } from 'vitest';
import type { RouterConfig } from '../../../src/config/types.js';
import { silentLog } from '../../../src/core/logger.js';
import { RouterSim } from '../../../src/sim/router-sim.js';
import { RouterOsTarget } from '../../../src/targets/routeros/routeros-target.js';
import type { DesiredEntry } from '../../../src/targets/target.js';
import { failOnUnhandled, routerConfig, SIM_USER } from './helpers.js';

failOnUnhandled();

const LIST = 'Blocked address';
const HOUR = 3_600_000;
let now = Date.parse('2026-05-01T12:00:00Z');
const clock = () => now;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  now = Date.parse('2026-05-01T12:00:00Z');
});

async function setup(overrides: Partial<RouterConfig> = {}) {
  const sim = new RouterSim({ users: [SIM_USER], clock });
  const port = await sim.start();
  cleanup.push(() => sim.stop());
  const target = new RouterOsTarget(routerConfig(port, overrides), silentLog, { clock });
  cleanup.push(() => target.close());
  return { sim, target };
}

const ban = (
  key: string,
  family: 4 | 6,
  expiresAt: number | null,
  comment = 'banbridge ssh',
): DesiredEntry => ({
  key,
  family,
  comment,
  expiresAt,
});

describe('RouterOsTarget', () => {
  it('adds IPv4 and IPv6 entries with the remaining ban time as timeout (dynamic mode)', async () => {
    const { sim, target } = await setup();
    const results = await target.add([
      ban('203.0.113.9', 4, now + 2 * HOUR, 'banbridge graylog: sshd — brute force\n'),
      ban('2001:db8::1/128', 6, now + HOUR),
      ban('198.51.100.0/24', 4, null),
    ]);
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    const v4 = sim.entries(4, LIST);
    expect(v4.map((e) => [e.address, e.comment, e.dynamic])).toEqual([
      ['203.0.113.9', 'banbridge graylog: sshd ? brute force', true],
      ['198.51.100.0/24', 'banbridge ssh', true],
    ]);
    expect(v4[0]?.expiresAt).toBe(now + 2 * HOUR);
    // A permanent ban gets the longest timeout RouterOS allows.
    expect(v4[1]?.expiresAt).toBe(now + 21_474_836_000);
    expect(sim.entries(6, LIST).map((e) => e.address)).toEqual(['2001:db8::1/128']);
  });

  it('static mode adds entries without timeout', async () => {
    const { sim, target } = await setup({ entry_mode: 'static' });
    expect(target.entryMode).toBe('static');
    await target.add([ban('203.0.113.9', 4, now + HOUR)]);
    expect(sim.entries(4)[0]).toMatchObject({ expiresAt: undefined, dynamic: false });
  });

  it('an existing entry (duplicate trap) is found and refreshed with set, on the same connection', async () => {
    const { sim, target } = await setup();
    sim.addEntry(4, {
      list: LIST,
      address: '203.0.113.9',
      comment: 'banbridge old',
      timeout: '5m',
    });
    sim.resetStats();
    const results = await target.add([ban('203.0.113.9', 4, now + 3 * HOUR, 'banbridge new')]);
    expect(results).toEqual([{ ok: true }]);
    const entry = sim.entries(4)[0];
    expect(entry).toMatchObject({ comment: 'banbridge new', expiresAt: now + 3 * HOUR });
    const stats = sim.stats();
    expect(stats.commands).toBe(4); // login, add (trap), print, set
    expect(stats.totalConnections).toBe(1);
  });

  it("leaves an operator's own entry for the same address alone", async () => {
    const { sim, target } = await setup();
    sim.addEntry(4, { list: LIST, address: '203.0.113.9', comment: 'manual block' });
    expect(await target.add([ban('203.0.113.9', 4, now + HOUR)])).toEqual([{ ok: true }]);
    expect(sim.entries(4)[0]).toMatchObject({ comment: 'manual block', expiresAt: undefined });
  });

  it('a refused entry fails alone, non-retryable; the others succeed', async () => {
    const { sim, target } = await setup();
    const results = await target.add([
      ban('203.0.113.1', 4, now + HOUR),
      ban('2001:db8::1-2001:db8::5', 6, now + HOUR),
      ban('203.0.113.2', 4, now + HOUR),
    ]);
    expect(results[0]).toEqual({ ok: true });
    expect(results[2]).toEqual({ ok: true });
    const failed = results[1];
    expect(failed?.ok).toBe(false);
    if (failed && !failed.ok) {
      expect(failed.error.code).toBe('ROUTER_TRAP');
      expect(failed.error.retryable).toBe(false);
      expect(failed.error.message).toContain('is not a valid dns name');
    }
    expect(sim.entries(4)).toHaveLength(2);
  });

  it('remove() deletes only banbridge-owned entries; absent keys are fine', async () => {
    const { sim, target } = await setup();
    sim.addEntry(4, { list: LIST, address: '203.0.113.9', comment: 'banbridge x' });
    sim.addEntry(4, { list: LIST, address: '203.0.113.10', comment: 'operator' });
    sim.addEntry(6, { list: LIST, address: '2001:db8::1', comment: 'banbridge y' });
    const results = await target.remove([
      { key: '203.0.113.9', family: 4 },
      { key: '203.0.113.10', family: 4 },
      { key: '203.0.113.11', family: 4 },
      { key: '2001:db8::1/128', family: 6 },
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(sim.entries(4).map((e) => e.address)).toEqual(['203.0.113.10']);
    expect(sim.entries(6)).toEqual([]);
  });

  it('removeIds() and refresh() work by id; an unknown id counts as removed', async () => {
    const { sim, target } = await setup();
    const id = sim.addEntry(4, {
      list: LIST,
      address: '203.0.113.9',
      comment: 'banbridge',
      timeout: '1m',
    });
    const other = sim.addEntry(4, { list: LIST, address: '203.0.113.8', comment: 'banbridge' });
    expect(
      await target.refresh([
        { id, family: 4, entry: ban('203.0.113.9', 4, now + HOUR, 'banbridge r') },
      ]),
    ).toEqual([{ ok: true }]);
    expect(sim.entries(4)[0]).toMatchObject({ comment: 'banbridge r', expiresAt: now + HOUR });
    expect(
      await target.removeIds([
        { id: other, family: 4 },
        { id: '*FFF', family: 4 },
      ]),
    ).toEqual([{ ok: true }, { ok: true }]);
    expect(sim.entries(4).map((e) => e.address)).toEqual(['203.0.113.9']);
  });

  it('list() reads both configured lists with keys, ownership and timeouts', async () => {
    const { sim, target } = await setup({ address_list_v6: 'Blocked v6' });
    sim.addEntry(4, {
      list: LIST,
      address: '203.0.113.9/32',
      comment: 'banbridge a',
      timeout: '1h',
    });
    sim.addEntry(4, {
      list: LIST,
      address: '198.51.100.0/24',
      comment: 'operator',
      disabled: true,
    });
    sim.addEntry(4, { list: 'other list', address: '192.0.2.1' });
    sim.addEntry(6, { list: 'Blocked v6', address: '2001:DB8::5' });
    const entries = await target.list();
    expect(entries).toEqual(
      expect.arrayContaining([
        {
          id: '*1',
          key: '203.0.113.9',
          family: 4,
          comment: 'banbridge a',
          owned: true,
          dynamic: true,
          disabled: false,
          timeoutMs: HOUR,
        },
        {
          id: '*2',
          key: '198.51.100.0/24',
          family: 4,
          comment: 'operator',
          owned: false,
          dynamic: false,
          disabled: true,
          timeoutMs: null,
        },
        {
          id: '*1',
          key: '2001:db8::5/128',
          family: 6,
          comment: '',
          owned: false,
          dynamic: false,
          disabled: false,
          timeoutMs: null,
        },
      ]),
    );
    expect(entries).toHaveLength(3);
  });

  it('list() on empty lists copes with !empty', async () => {
    const { target } = await setup();
    expect(await target.list()).toEqual([]);
  });

  it('dynamic entries expire on the router as their timeout runs out', async () => {
    const { target } = await setup();
    await target.add([ban('203.0.113.9', 4, now + 10_000)]);
    expect((await target.list())[0]?.timeoutMs).toBe(10_000);
    now += 10_001;
    expect(await target.list()).toEqual([]);
  });

  it('uptime, reboot (dynamic entries vanish, uptime restarts) and the reconnect event', async () => {
    const { sim, target } = await setup({ entry_mode: 'dynamic' });
    let connects = 0;
    target.onReconnect(() => connects++);
    now += 90_061_000;
    expect(await target.uptimeSeconds()).toBe(90_061);
    await target.add([ban('203.0.113.9', 4, now + HOUR)]);
    sim.addEntry(4, { list: LIST, address: '203.0.113.99', comment: 'banbridge static' });
    sim.reboot();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await target.uptimeSeconds()).toBe(0);
    expect(connects).toBe(2);
    expect((await target.list()).map((e) => e.key)).toEqual(['203.0.113.99']);
  });

  it('a connection failure gives a retryable failure for each entry', async () => {
    const { sim, target } = await setup();
    await sim.stop();
    const results = await target.add([
      ban('203.0.113.1', 4, now + HOUR),
      ban('203.0.113.2', 4, now + HOUR),
    ]);
    for (const result of results) {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('ROUTER_UNREACHABLE');
        expect(result.error.retryable).toBe(true);
      }
    }
    const removed = await target.remove([{ key: '203.0.113.1', family: 4 }]);
    expect(removed[0]?.ok).toBe(false);
  });

  it('reads 100,000 entries with list() (streamed)', async () => {
    const { sim, target } = await setup();
    for (let i = 0; i < 100_000; i++) {
      sim.addEntry(4, {
        list: LIST,
        address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        comment: 'banbridge bulk',
        timeout: '1d',
      });
    }
    const entries = await target.list();
    expect(entries).toHaveLength(100_000);
    expect(entries[99_999]).toMatchObject({
      key: '10.1.134.159',
      owned: true,
      timeoutMs: 86_400_000,
    });
  }, 60_000);

  it('a list longer than it keeps is read to its end: ROUTER_LIST_TOO_LONG, not a connection failure, and the session stays', async () => {
    const sim = new RouterSim({ users: [SIM_USER], clock });
    const port = await sim.start();
    cleanup.push(() => sim.stop());
    const target = new RouterOsTarget(routerConfig(port), silentLog, { clock, listMaxRows: 100 });
    cleanup.push(() => target.close());
    // 120 rows over both families: more than it keeps (100), less than ends the session (200).
    for (let i = 0; i < 100; i++) sim.addEntry(4, { list: LIST, address: `45.157.0.${i}` });
    for (let i = 0; i < 20; i++) sim.addEntry(6, { list: LIST, address: `2a01:4f8:c17:${i}::/64` });
    await expect(target.list()).rejects.toMatchObject({
      code: 'ROUTER_LIST_TOO_LONG',
      connection: false,
    });
    // The same session goes on: an add still works on it.
    const connections = sim.stats().totalConnections;
    expect(await target.add([ban('45.157.1.1', 4, now + HOUR)])).toEqual([{ ok: true }]);
    expect(sim.stats().totalConnections).toBe(connections);
  });
});
