import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { basic, REPORTER, request, testConfigObject } from '../helpers/service.js';
import { CLI, ROOT } from '../helpers/spawn-banbridge.js';

/**
 * A real "disk full": serve runs under `ulimit -f` (RLIMIT_FSIZE), so once the SQLite WAL
 * would grow past the limit every write fails in the kernel (EFBIG; Node ignores SIGXFSZ),
 * which SQLite reports as SQLITE_FULL — as on a full file system. 2,000 KiB leaves room for the
 * migrations, the lease renewals and the /readyz write probe (about 350 KiB of WAL at start),
 * below the WAL's 4 MiB autocheckpoint.
 */
describe('disk full (issue 11, item 4)', () => {
  let dir: string;
  let url = '';
  let stop: () => Promise<void>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'banbridge-full-'));
    const configFile = join(dir, 'banbridge.yaml');
    writeFileSync(configFile, stringify({ ...testConfigObject(dir), log: { level: 'info' } }));
    const command = `ulimit -f 2000; exec "${process.execPath}" --import tsx "${CLI}" serve --config "${configFile}"`;
    const child = spawn('/bin/bash', ['-c', command], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise((r) => child.once('exit', r));
    let out = '';
    url = await new Promise<string>((resolve, reject) => {
      const onData = (d: Buffer) => {
        out += d.toString();
        const match = /banbridge listening on (\S+)/.exec(out);
        if (match?.[1] !== undefined) resolve(match[1]);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', () => reject(new Error(out)));
    });
    stop = async () => {
      child.kill('SIGTERM');
      await exited;
    };
  }, 60_000);
  afterAll(async () => {
    await stop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports get 503 STORE_UNAVAILABLE and /readyz turns 503 once writes fail', async () => {
    expect((await request(url, 'GET', '/readyz')).status).toBe(200);
    let status = 0;
    let accepted = 0;
    for (let i = 0; i < 2000 && status !== 503; i++) {
      const ip = `45.${155 + Math.floor(i / 250)}.${i % 250}.7`;
      const res = await request(url, 'POST', '/v1/bans', {
        auth: basic(REPORTER),
        body: { ip, reason: 'x'.repeat(200) },
      });
      status = res.status;
      if (status === 202) accepted++;
      else expect(res.body.code).toBe('STORE_UNAVAILABLE');
    }
    expect(accepted).toBeGreaterThan(0);
    expect(status).toBe(503);
    const ready = await request(url, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.store).toBe('unavailable');
    expect(ready.body.store_error).toMatch(/SQLITE_(FULL|IOERR)/);
  }, 120_000);
});
