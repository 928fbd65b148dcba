import { afterEach, describe, expect, it } from 'vitest';
import { silentLog } from '../../../src/core/logger.js';
import { RouterSim } from '../../../src/sim/router-sim.js';
import { RouterOsTarget } from '../../../src/targets/routeros/routeros-target.js';
import type { DesiredEntry } from '../../../src/targets/target.js';
import { failOnUnhandled, routerConfig, SIM_USER } from './helpers.js';

failOnUnhandled();

const LIST = 'Blocked address';
const HOUR = 3_600_000;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function setup(identity?: string) {
  const sim = new RouterSim({ users: [SIM_USER], ...(identity ? { identity } : {}) });
  const port = await sim.start();
  cleanup.push(() => sim.stop());
  const target = new RouterOsTarget(routerConfig(port), silentLog);
  cleanup.push(() => target.close());
  return { sim, target };
}

const entry = (key: string): DesiredEntry => ({
  key,
  family: 4,
  comment: 'banbridge web01',
  expiresAt: Date.now() + 24 * HOUR,
});

describe('RouterOsTarget.refresh', () => {
  it('re-enables a disabled owned entry and sets its timeout', async () => {
    const { sim, target } = await setup();
    const id = sim.addEntry(4, {
      list: LIST,
      address: '45.155.205.233',
      comment: 'banbridge web01',
      timeout: '5m',
      disabled: true,
    });
    expect(await target.refresh([{ id, family: 4, entry: entry('45.155.205.233') }])).toEqual([
      { ok: true },
    ]);
    const [stored] = sim.entries(4, LIST);
    expect(stored?.disabled).toBe(false);
    expect((stored?.expiresAt ?? 0) - Date.now()).toBeGreaterThan(23 * HOUR);
  });

  it('`no such item` (the entry expired between list and set) adds it again', async () => {
    const { sim, target } = await setup();
    expect(
      await target.refresh([{ id: '*7F', family: 4, entry: entry('45.155.205.233') }]),
    ).toEqual([{ ok: true }]);
    expect(sim.entries(4, LIST).map((e) => e.address)).toEqual(['45.155.205.233']);
  });
});

describe('RouterOsTarget.identity', () => {
  it('is the /system/identity name with the board name', async () => {
    const { target } = await setup('edge-gw-1');
    expect(await target.identity()).toBe('edge-gw-1 (banbridge-sim)');
  });
});
