import { describe, expect, it } from 'vitest';
import { runRouterSim } from '../../src/cli/commands/router-sim.js';
import { silentLog } from '../../src/core/logger.js';
import { RouterOsTarget } from '../../src/targets/routeros/routeros-target.js';
import { routerConfig } from '../targets/routeros/helpers.js';

function io() {
  const out: string[] = [];
  return {
    out,
    io: {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => out.push(t),
      env: {},
      cwd: process.cwd(),
    },
  };
}

async function portFrom(out: string[]): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const match = /listening on 127\.0\.0\.1:(\d+)/.exec(out.join(''));
    if (match) return Number(match[1]);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no port printed: ${out.join('')}`);
}

describe('banbridge router-sim', () => {
  it('prints its port, serves the API with the given user until stopped', async () => {
    const { out, io: cliIo } = io();
    const stop = new AbortController();
    const running = runRouterSim(
      ['--user', 'u1', '--password', 'p1', '--pre-718'],
      cliIo,
      stop.signal,
    );
    const port = await portFrom(out);
    const target = new RouterOsTarget(
      routerConfig(port, { username: 'u1', password: 'p1' }),
      silentLog,
    );
    await target.add([
      { key: '203.0.113.9', family: 4, comment: 'banbridge cli', expiresAt: null },
    ]);
    expect((await target.list()).map((e) => e.key)).toEqual(['203.0.113.9']);
    await target.close();
    stop.abort();
    expect(await running).toBe(0);
    expect(out.join('')).toContain('stopped');
  });

  it('--tls prints a fingerprint that pins the certificate', async () => {
    const { out, io: cliIo } = io();
    const stop = new AbortController();
    const running = runRouterSim(['--tls'], cliIo, stop.signal);
    const port = await portFrom(out);
    const fingerprint = /fingerprint \(sha256\): ([0-9A-F:]+)/.exec(out.join(''))?.[1];
    expect(fingerprint).toBeDefined();
    const target = new RouterOsTarget(
      routerConfig(port, { tls: true, fingerprint, username: 'admin', password: '' }),
      silentLog,
    );
    expect(await target.uptimeSeconds()).toBeGreaterThanOrEqual(0);
    await target.close();
    stop.abort();
    expect(await running).toBe(0);
  });

  it('rejects a bad --port', async () => {
    const { io: cliIo } = io();
    await expect(
      runRouterSim(['--port', 'x'], cliIo, new AbortController().signal),
    ).rejects.toThrow(/--port/);
  });
});
