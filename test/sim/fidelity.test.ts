import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runRouterSim } from '../../src/cli/commands/router-sim.js';
import { silentLog } from '../../src/core/logger.js';
import { RouterSim } from '../../src/sim/router-sim.js';
import { RouterOsTarget } from '../../src/targets/routeros/routeros-target.js';
import { unknownSegment } from '../../src/sim/unknown-command.js';
import { encodeSentence } from '../../src/targets/routeros/sentence.js';
import { routerConfig } from '../targets/routeros/helpers.js';
import { RawPeer } from '../targets/routeros/raw-peer.js';
import { waitFor } from '../worker/sim-helpers.js';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function sim(options: ConstructorParameters<typeof RouterSim>[0] = {}): Promise<RouterSim> {
  const s = new RouterSim({ users: [{ name: 'u', password: 'p' }], ...options });
  await s.start();
  cleanups.push(() => s.stop());
  return s;
}

describe('before login', () => {
  it.each(['/cancel', '/quit', '/ip/firewall/address-list/print'])(
    '%s → !fatal "not logged in", then the router closes',
    async (command) => {
      const router = await sim();
      const peer = await RawPeer.connect(router.port);
      peer.sendWords(command);
      const expected = encodeSentence(['!fatal', 'not logged in']);
      expect(await peer.readHex(expected.toString('hex'))).toBe(expected.toString('hex'));
      await peer.closed;
    },
  );
});

describe('unknown commands', () => {
  it.each([
    ['/system/routerboard/getall', 'routerboard'],
    ['/ip/firewal/address-list/print', 'firewal'],
    ['/ip/firewall/adress/print', 'adress'],
    ['/ip/firewall/address-list/frobnicate', 'frobnicate'],
    ['/nonsense', 'nonsense'],
  ])('%s names "%s"', (command, segment) => {
    expect(unknownSegment(command)).toBe(segment);
  });
});

describe('address-list details', () => {
  it('timeout=0s keeps the entry (no expiry); disabled entries print disabled=true', async () => {
    const router = await sim();
    router.addEntry(4, { list: 'l', address: '45.155.205.233', timeout: '0s' });
    router.addEntry(4, { list: 'l', address: '8.8.8.8', disabled: true });
    const [zero, off] = router.entries(4, 'l');
    expect(zero).toMatchObject({ expiresAt: undefined, dynamic: true });
    expect(router.table(4).printed(off!).get('disabled')).toBe('true');
  });
});

describe('banbridge router-sim: watching the lists from outside', () => {
  it('--print-changes prints each change; --state-file holds every entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'router-sim-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const stateFile = join(dir, 'state.json');
    const out: string[] = [];
    const io = {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => out.push(t),
      env: {},
      cwd: dir,
    };
    const stop = new AbortController();
    const running = runRouterSim(
      ['--user', 'u', '--password', 'p', '--print-changes', '--state-file', stateFile],
      io,
      stop.signal,
    );
    await waitFor('listening', () => /listening on 127\.0\.0\.1:\d+/.test(out.join('')));
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(out.join(''))?.[1]);
    const peer = await RawPeer.connect(port);
    peer.sendWords('/login', '=name=u', '=password=p');
    peer.sendWords(
      '/ip/firewall/address-list/add',
      '=list=Blocked',
      '=address=45.155.205.233',
      '=comment=banbridge x',
      '=timeout=1h',
    );
    await waitFor('change printed', () => out.join('').includes('+ v4 "Blocked" 45.155.205.233'));
    expect(out.join('')).toMatch(
      /\+ v4 "Blocked" 45\.155\.205\.233 timeout=3600s dynamic comment="banbridge x"/,
    );
    await waitFor('state written', () => {
      try {
        return JSON.parse(readFileSync(stateFile, 'utf8')).entries.length === 1;
      } catch {
        return false;
      }
    });
    const state = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(state.entries[0]).toMatchObject({
      family: 4,
      id: '*1',
      list: 'Blocked',
      address: '45.155.205.233',
      comment: 'banbridge x',
      dynamic: true,
      disabled: false,
    });
    peer.end();
    stop.abort();
    expect(await running).toBe(0);
  });
});

describe('the router cost model (serviceMs)', () => {
  it('serialises commands on one CPU across connections, so concurrency cannot beat N × service', async () => {
    const router = await sim({ serviceMs: 30 });
    const config = routerConfig(router.port, { username: 'u', password: 'p', pipeline_window: 64 });
    const targets = [new RouterOsTarget(config, silentLog), new RouterOsTarget(config, silentLog)];
    cleanups.push(() => Promise.all(targets.map((t) => t.close())).then(() => undefined));
    await Promise.all(targets.map((t) => t.uptimeSeconds())); // log in first
    const started = performance.now();
    await Promise.all(
      targets.map((t) => Promise.all(Array.from({ length: 5 }, () => t.uptimeSeconds()))),
    );
    // 10 commands at 30 ms on one CPU: at least 300 ms however they overlap (a lower bound
    // only: a slow machine can only make it longer).
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(router.stats().maxInFlight).toBeGreaterThan(1);
  });
});
