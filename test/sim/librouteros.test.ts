import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { RouterSim } from '../../src/sim/router-sim.js';
import { describeIfAvailable } from '../helpers/daemons.js';

/**
 * Cross-check of the simulator with an independent client: librouteros as packaged by Debian
 * (python3-librouteros 3.1.0, Debian's own /usr/bin/python3). What it sends is its authors'
 * reading of the protocol, not ours.
 */
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('librouteros-check.py', import.meta.url));
let sim: RouterSim | undefined;
afterEach(async () => {
  await sim?.stop();
});

function run(port: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      [SCRIPT, String(port), 'u1', 'pw-1'],
      { timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as Record<string, unknown>);
      },
    );
  });
}

/** Debian's python3 with the librouteros module, or what is missing. */
function librouterosMissing(): string | undefined {
  const importable =
    existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import librouteros']).status === 0;
  return importable
    ? undefined
    : 'not installed: python3-librouteros (run: sudo bash .ci/install-daemons.sh)';
}

describeIfAvailable('the simulator, seen by librouteros', librouterosMissing(), () => {
  it('answers login, add, queries with ?#| and ?#!, find, set, remove and traps as librouteros expects', async () => {
    sim = new RouterSim({ users: [{ name: 'u1', password: 'pw-1' }] });
    const port = await sim.start();
    const seen = await run(port);
    expect(seen).toEqual({
      ids: ['*1', '*2', '*3', '*4', '*5'],
      duplicate: 'failure: already have such entry',
      in: ['45.155.205.233', '8.8.8.8'],
      or: ['45.155.205.234', '8.8.8.8'],
      ne: ['45.155.205.234', '8.8.8.8', '9.9.9.9'],
      disabled: ['45.155.205.234'],
      not_disabled_blocked: ['45.155.205.233', '8.8.8.8', '9.9.9.9'],
      find: '*1;*2;*3;*4;*5',
      zero_timeout: { timeout: null, dynamic: true },
      enabled: [false],
      after_remove: ['45.155.205.234', '8.8.8.8', '9.9.9.9'],
      unknown: ['no such command or directory (firewal)', 'no such command prefix'],
      no_such_item: 'no such item',
    });
    // and the state is what an outside observer of the router would see
    expect(sim.entries(4, 'blocked').map((e) => [e.address, e.disabled])).toEqual([
      ['45.155.205.234', false],
      ['8.8.8.8', false],
      ['9.9.9.9', false],
    ]);
  }, 40_000);
});
