/**
 * The README's router setup: the printed openssl command (only the router's address and
 * port replaced) reads the fingerprint of an api-ssl endpoint — the simulator's with --tls —
 * in a form banbridge's `fingerprint:` accepts and pins. The RouterOS commands themselves
 * need a real router; their content is checked here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runRouterSim } from '../src/cli/commands/router-sim.js';
import { silentLog } from '../src/core/logger.js';
import { RouterOsTarget } from '../src/targets/routeros/routeros-target.js';
import { runAsync } from './helpers/daemons.js';
import { ROOT } from './helpers/spawn-banbridge.js';
import { routerConfig } from './targets/routeros/helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const setup = readme.slice(readme.indexOf('### Router setup'), readme.indexOf('## Configuration'));

it('gives the API user only api, read and write, and drops the list in raw prerouting for IPv4 and IPv6', () => {
  expect(setup).toContain('/user group add name=banbridge policy=api,read,write\n');
  for (const family of ['ip', 'ipv6'])
    expect(setup).toContain(
      `/${family} firewall raw add chain=prerouting src-address-list="Blocked address" action=drop`,
    );
  expect(setup).toContain('/ip service set api-ssl certificate=api-ssl');
});

it('the printed openssl command reads a fingerprint that banbridge pins', async () => {
  const command = /^`(openssl s_client -connect 192\.0\.2\.1:8729 [^`]+)`\.$/m.exec(setup)?.[1];
  expect(command).toBeDefined();
  const out: string[] = [];
  const stop = new AbortController();
  const cliIo = {
    stdout: (t: string) => out.push(t),
    stderr: (t: string) => out.push(t),
    env: {},
    cwd: ROOT,
  };
  const running = runRouterSim(['--tls'], cliIo, stop.signal);
  try {
    let port = 0;
    for (let i = 0; i < 200 && port === 0; i++) {
      port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(out.join(''))?.[1] ?? 0);
      if (port === 0) await new Promise((r) => setTimeout(r, 20));
    }
    const r = await runAsync('sh', [
      '-c',
      (command ?? '').replace('192.0.2.1:8729', `127.0.0.1:${port}`),
    ]);
    const fingerprint = /^sha256 Fingerprint=([0-9A-F:]{95})$/m.exec(r.stdout)?.[1];
    expect(fingerprint, r.stdout + r.stderr).toBeDefined();
    expect(out.join('')).toContain(`fingerprint (sha256): ${fingerprint}`);
    const target = new RouterOsTarget(
      routerConfig(port, { tls: true, fingerprint, username: 'admin', password: '' }),
      silentLog,
    );
    expect(await target.uptimeSeconds()).toBeGreaterThanOrEqual(0);
    await target.close();
  } finally {
    stop.abort();
    await running;
  }
});
