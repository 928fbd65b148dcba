import { RouterSim } from '../../src/sim/router-sim.js';

export const ROUTER_USER = { name: 'banbridge', password: 'router-secret-pw' };
export const LIST = 'Blocked address';

export async function startSim(
  options: ConstructorParameters<typeof RouterSim>[0] = {},
): Promise<RouterSim> {
  const sim = new RouterSim({ users: [ROUTER_USER], ...options });
  await sim.start({ port: 0 });
  return sim;
}

export function routerConfig(name: string, sim: RouterSim, extra: Record<string, unknown> = {}) {
  return {
    name,
    host: '127.0.0.1',
    port: sim.port,
    username: ROUTER_USER.name,
    password: ROUTER_USER.password,
    command_timeout: '2s',
    connect_timeout: '1s',
    sync_interval: '10s',
    ...extra,
  };
}

/** Fast retries so a test sees recovery in well under a second. */
export const FAST_WORKER = { retry_base: '100ms', retry_max: '500ms', max_attempts: 5 };

export function addresses(sim: RouterSim, family: 4 | 6 = 4): string[] {
  return sim.entries(family, LIST).map((e) => e.address);
}

export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
