import { createServer, type AddressInfo } from 'node:net';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../../src/cli/main.js';
import { startService } from '../../src/main/start-service.js';
import { captureIo } from '../helpers/capture-io.js';
import { RecordingLog } from '../helpers/recording-log.js';
import {
  basic,
  configFrom,
  REPORTER,
  startTestService,
  testConfigObject,
  type TestService,
} from '../helpers/service.js';
import { runBanbridge, spawnServe } from '../helpers/spawn-banbridge.js';

const report = (t: TestService, ip: string) =>
  t.request('POST', '/v1/bans', { auth: basic(REPORTER), body: { ip } });

describe('store file deleted or replaced while serve runs (issue 11, items 3 and 4)', () => {
  let t: TestService;
  beforeEach(async () => {
    t = await startTestService();
    expect((await report(t, '45.155.205.233')).status).toBe(202);
    expect((await t.request('GET', '/readyz')).status).toBe(200);
  });
  afterEach(() => t.close());

  const storePath = () => join(t.dir, 'banbridge.db');

  it('a deleted file: reports get 503 STORE_UNAVAILABLE, /readyz 503, logged once as a warning', async () => {
    unlinkSync(storePath());
    const res = await report(t, '45.155.205.234');
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('STORE_UNAVAILABLE');
    expect(res.body.detail).toContain('deleted');
    for (let i = 0; i < 5; i++) {
      const ready = await t.request('GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.store).toBe('unavailable');
    }
    const notReady = t.log.lines.filter((l) => l.message === 'not ready');
    expect(notReady).toHaveLength(1);
    expect(notReady[0]?.level).toBe('warn');
    expect(String(notReady[0]?.meta?.reason)).toContain('deleted');
    expect(t.log.lines.filter((l) => l.level === 'error' && l.meta?.url === '/readyz')).toEqual([]);
  });

  it('a replaced file (renamed over it): the same', async () => {
    const copy = join(t.dir, 'other.db');
    copyFileSync(storePath(), copy);
    renameSync(copy, storePath());
    expect((await report(t, '45.155.205.235')).status).toBe(503);
    const ready = await t.request('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.store_error).toContain('replaced');
  });
});

describe('read-only commands never create a store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'banbridge-ro-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([['list'], ['status'], ['unban', '45.155.205.233']])(
    'banbridge %s on a missing store: STORE_MISSING, no file created',
    async (...args) => {
      const configFile = join(dir, 'banbridge.yaml');
      writeFileSync(configFile, stringify(testConfigObject(dir)));
      const io = captureIo(dir);
      const code = await runCli([...args, '--config', configFile], io);
      expect(code).toBe(1);
      expect(io.err).toContain('STORE_MISSING');
      expect(io.err).toContain(join(dir, 'banbridge.db'));
      expect(existsSync(join(dir, 'banbridge.db'))).toBe(false);
    },
  );
});

describe('one serve per store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'banbridge-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a second serve on the same file refuses to start, in-process and as a child process', async () => {
    const config = configFrom(testConfigObject(dir), dir);
    const first = await startService(config, new RecordingLog());
    try {
      await expect(startService(config, new RecordingLog())).rejects.toMatchObject({
        code: 'STORE_LOCKED',
        message: expect.stringContaining('another banbridge serve is already using the store'),
      });
      const configFile = join(dir, 'banbridge.yaml');
      writeFileSync(configFile, stringify(testConfigObject(dir)));
      const second = await runBanbridge(['serve', '--config', configFile]);
      expect(second.code).not.toBe(0);
      expect(second.stderr).toContain('STORE_LOCKED');
    } finally {
      await first.close();
    }
    // Released on close: the next serve starts.
    const again = await startService(config, new RecordingLog());
    await again.close();
  });

  it('a SIGKILLed serve leaves no stale lock', async () => {
    const configFile = join(dir, 'banbridge.yaml');
    writeFileSync(configFile, stringify(testConfigObject(dir)));
    const serve = await spawnServe(configFile);
    await serve.kill();
    const config = configFrom(testConfigObject(dir), dir);
    const next = await startService(config, new RecordingLog());
    await next.close();
  });
});

describe('a serve that fails to listen', () => {
  it('lets go of the store lock (EADDRINUSE, then a retry on a free port starts)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'banbridge-lock-'));
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const busy = configFrom(testConfigObject(dir, { listen: { host: '127.0.0.1', port } }), dir);
      await expect(startService(busy, new RecordingLog())).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
      const free = await startService(configFrom(testConfigObject(dir), dir), new RecordingLog());
      await free.close();
    } finally {
      blocker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
