/**
 * contrib/haproxy.cfg is valid for the real HAProxy (`haproxy -c`) and works: run in front
 * of two banbridge instances on one store, every report through it is acknowledged and
 * stored, also after one instance is gone. Needs Debian's `haproxy` (.ci/install-daemons.sh
 * installs it; elsewhere the suite is skipped, with a message, where it is missing).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/main/start-service.js';
import {
  findProgram,
  freePort,
  run,
  startDaemon,
  tempDir,
  waitFor,
  type Daemon,
} from '../helpers/daemons.js';
import { RecordingLog } from '../helpers/recording-log.js';
import { basic, configFrom, REPORTER, request, testConfigObject } from '../helpers/service.js';
import { ROOT } from '../helpers/spawn-banbridge.js';

const haproxy = findProgram('haproxy');
const shipped = join(ROOT, 'contrib', 'haproxy.cfg');
if (haproxy === undefined) console.warn('[skip] contrib/haproxy.cfg: haproxy is not installed');

describe.skipIf(haproxy === undefined)('contrib/haproxy.cfg', () => {
  const tmp = tempDir('banbridge-haproxy-');
  const services: RunningService[] = [];
  let proxy: Daemon | undefined;
  afterAll(async () => {
    await proxy?.stop();
    for (const s of services) await s.close();
    tmp.cleanup();
  });

  it('is valid for haproxy -c', () => {
    const r = run(haproxy as string, ['-c', '-f', shipped]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('balances reports over two instances and keeps taking them when one is gone', async () => {
    const [front, one, two] = [await freePort('tcp'), await freePort('tcp'), await freePort('tcp')];
    // Each instance on its own SQLite file here (one serve per SQLite file: STORE_LOCKED);
    // in production both share one PostgreSQL store (test/store/high-availability.test.ts).
    for (const port of [one, two]) {
      const dir = join(tmp.dir, String(port));
      mkdirSync(dir);
      const config = configFrom(
        testConfigObject(dir, {
          listen: { host: '127.0.0.1', port, trust_proxy: ['loopback'] },
          policy: { max_new_bans_per_minute: 1000 },
        }),
        dir,
      );
      services.push(await startService(config, new RecordingLog()));
    }
    const cfg = join(tmp.dir, 'haproxy.cfg');
    writeFileSync(
      cfg,
      readFileSync(shipped, 'utf8')
        .replace('127.0.0.1:18080', `127.0.0.1:${front}`)
        .replace('127.0.0.1:18081', `127.0.0.1:${one}`)
        .replace('127.0.0.1:18082', `127.0.0.1:${two}`),
    );
    proxy = startDaemon(haproxy as string, ['-db', '-f', cfg]);
    const base = `http://127.0.0.1:${front}`;
    await waitFor(
      'haproxy forwards',
      async () => (await request(base, 'GET', '/readyz').catch(() => undefined))?.status === 200,
      15_000,
    );
    const auth = basic(REPORTER);
    const report = async (ip: string) =>
      (await request(base, 'POST', '/v1/bans', { auth, body: { ip } })).status;
    for (let i = 1; i <= 20; i++) expect(await report(`5.5.0.${i}`)).toBe(202);
    // round robin: both instances took some
    for (const s of services) expect((await s.store.bans.counts()).active).toBeGreaterThan(0);
    await services.shift()?.close();
    // the first reports after the loss are retried on the other instance (retry-on
    // conn-failure), before the health check has even noticed
    for (let i = 21; i <= 40; i++) expect(await report(`5.5.0.${i}`)).toBe(202);
    const survivor = services[0]?.store;
    for (let i = 21; i <= 40; i++) {
      expect((await survivor?.bans.get(`5.5.0.${i}`))?.active, `5.5.0.${i}`).toBe(1);
    }
  }, 60_000);
});
