import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/spawn-banbridge.js';

describe("npm run demo (the README's first command)", () => {
  it('runs the whole chain against the simulator and exits 0 with the bans on the router', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src', 'demo', 'main.ts')],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Blocked address\s+45\.155\.205\.233\s/);
    expect(run.stdout).toMatch(/Blocked address\s+2a01:4f8:c17:1::\/64\s/);
    expect(run.stdout).toMatch(/Blocked address\s+103\.145\.13\.22\s/);
    expect(run.stdout).toMatch(/Blocked address\s+141\.98\.11\.58\s/);
    expect(run.stdout).toMatch(/10\.1\.2\.3\s+HTTP 200\s+rejected IP_RESERVED/);
    expect(run.stdout).toContain('OK: 5 bans on the router');
  }, 90_000);
});
