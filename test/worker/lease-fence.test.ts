/**
 * One writer per router, for a holder that does not die but stalls: its lease is taken over
 * while a batch of router commands is under way (a process paused, an event loop stuck, its
 * database gone quiet). The batch must stop at the next command, not run to its end while
 * another instance drives the router (a stale remove could delete that instance's fresh
 * entry). Every router command is fenced by the lease (Target.fence), checked right before
 * it is written, with the local monotonic clock, which counts through the stall.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { report } from '../../src/pipeline/report.js';
import type { RouterSim } from '../../src/sim/router-sim.js';
import { Store } from '../../src/store/store.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { testStoreConfig } from '../helpers/test-store.js';
import { addresses, FAST_WORKER, routerConfig, startSim, waitFor } from './sim-helpers.js';

/** Commands in flight at once: the most that can still reach the router after a stall. */
const WINDOW = 4;
const BANS = 300;

let sim: RouterSim | undefined;
let t: TestService | undefined;
afterEach(async () => {
  await t?.close();
  await sim?.stop();
  t = undefined;
  sim = undefined;
});

/** Blocks the event loop, as a paused process or a long stall would: no timer runs. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: nothing else runs in this process meanwhile
  }
}

describe('a router batch under way when the lease is lost', () => {
  it('stops at the next command: nothing more reaches the router, the rest stays queued', async () => {
    // 4 ms a command on the router: the batch of 300 adds takes over a second.
    sim = await startSim({ serviceMs: 4 });
    t = await startTestService(
      {
        routers: [routerConfig('edge1', sim, { pipeline_window: WINDOW })],
        worker: FAST_WORKER,
        policy: { max_new_bans_per_minute: 100_000 },
      },
      { lease: { ttlMs: 1_200, renewMs: 100 } },
    );
    const service = t.service;
    await waitFor('edge1 driven and connected', () => {
      const s = service.pool.status()[0];
      return s?.driving === true && s.state === 'connected';
    });
    const other = await Store.open(testStoreConfig(t.dir));
    try {
      // One report of 300 addresses: one commit, so the worker takes them in one batch (256).
      const ips = Array.from(
        { length: BANS },
        (_, i) => `5.9.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      );
      await report(
        service.pipeline,
        { credential: 'web01', detector: 'api' },
        ips.map((ip) => ({ ip })),
      );
      const current = sim;
      await waitFor('the batch under way', () => addresses(current).length >= 20, 10_000);

      // Another instance takes the lease, and this process stalls before it can notice.
      const taken = other.db.run(
        `UPDATE router_leases SET holder = 'bb-other', token = token + 1,
                expires_at = expires_at + 600000 WHERE router = 'edge1'`,
      );
      if (other.kind === 'postgres') await taken;
      const before = addresses(sim).length;
      // Past the lease's local validity (half its 1.2 s), short of the 2 s command timeout,
      // which would otherwise end the session by itself.
      stall(1_000);
      await taken;

      await waitFor(
        'this instance stopped driving',
        () => service.pool.status()[0]?.driving === false,
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const after = addresses(sim).length;
      // What was written to the socket before the stall may still arrive: the window, no more.
      expect(after - before).toBeLessThanOrEqual(WINDOW);
      expect(after).toBeLessThan(BANS);
      // Nothing lost: what was not sent stays queued for the instance that drives it now.
      expect(await other.outbox.pending('edge1')).toBeGreaterThanOrEqual(BANS - after);
      expect(t.log.text()).toContain('stopped driving router');
      // Letting go is not the router failing: no "router unavailable", no state `down`.
      expect(t.log.text()).not.toContain('router unavailable');
      expect(service.pool.status()[0]?.state).not.toBe('down');
    } finally {
      await other.close();
    }
  });
});
