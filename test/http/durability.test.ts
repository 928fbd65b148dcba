import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { basic, REPORTER, testConfigObject } from '../helpers/service.js';
import { spawnServe } from '../helpers/spawn-banbridge.js';
import { testStoreConfig } from '../helpers/test-store.js';

const dir = mkdtempSync(join(tmpdir(), 'banbridge-durable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Public test addresses 5.1.x.y, none in a special-purpose range. */
function address(i: number): string {
  return `5.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}

describe('durability', () => {
  it('every acknowledged ban survives SIGKILL of the server', async () => {
    const configFile = join(dir, 'banbridge.yaml');
    writeFileSync(
      configFile,
      stringify(
        testConfigObject(dir, {
          log: { level: 'warn', format: 'json' },
          policy: { max_new_bans_per_minute: 10_000 },
        }),
      ),
    );
    const server = await spawnServe(configFile);
    const acknowledged: string[] = [];
    const total = 400;
    let killed = false;
    const killAfter = 150;
    const auth = basic(REPORTER);
    // Reports go out 16 at a time; the process is killed the moment the 150th 202 arrives,
    // with other requests still in flight.
    let next = 0;
    const worker = async () => {
      while (next < total && !killed) {
        const ip = address(next++);
        try {
          const res = await fetch(`${server.url}/v1/bans`, {
            method: 'POST',
            headers: { authorization: auth, 'content-type': 'application/json' },
            body: JSON.stringify({ ip }),
          });
          if (res.status === 202) {
            acknowledged.push(ip);
            if (acknowledged.length === killAfter && !killed) {
              killed = true;
              server.child.kill('SIGKILL');
            }
          }
        } catch {
          /* connection cut by the kill: not acknowledged */
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    await server.kill();
    expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);

    // The restarted service must find every acknowledged ban.
    const again = await spawnServe(configFile);
    try {
      const store = await Store.open(testStoreConfig(dir));
      const missing: string[] = [];
      for (const ip of acknowledged) {
        if ((await store.bans.get(ip))?.active !== 1) missing.push(ip);
      }
      await store.close();
      expect(missing).toEqual([]);
      const res = await fetch(`${again.url}/v1/bans/${acknowledged[0]}`, {
        headers: { authorization: auth },
      });
      expect(res.status).toBe(200);
      // A stop (SIGTERM) ends with exit code 0: systemd reads anything else as a failure.
      expect(await again.stop(), again.output()).toBe(0);
    } finally {
      await again.kill();
    }
  }, 60_000);
});
