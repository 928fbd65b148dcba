import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { Metrics } from '../../src/metrics/metrics.js';
import { describeWithDaemons } from '../helpers/daemons.js';
import { ROOT } from '../helpers/spawn-banbridge.js';

const DIR = join(ROOT, 'contrib', 'prometheus');
const PROMTOOL = '/usr/bin/promtool';

function promtool(...args: string[]): string {
  return execFileSync(PROMTOOL, args, { cwd: DIR, encoding: 'utf8', stdio: 'pipe' });
}

describeWithDaemons('contrib/prometheus alert rules', ['promtool'], () => {
  it('pass promtool check rules', () => {
    expect(promtool('check', 'rules', 'banbridge.rules.yml')).toContain('SUCCESS: 6 rules found');
  });

  it('pass promtool test rules (each alert fires on its condition, not before)', () => {
    expect(promtool('test', 'rules', 'banbridge.rules.test.yml')).toContain('SUCCESS');
  });

  it('promtool test rules fails when an alert would not fire (the test can fail)', () => {
    const broken = readFileSync(join(DIR, 'banbridge.rules.yml'), 'utf8').replace(
      'banbridge_router_up == 0',
      'banbridge_router_up == 2',
    );
    const tmp = join(DIR, '.broken.rules.yml');
    const tmpTest = join(DIR, '.broken.rules.test.yml');
    try {
      writeFileSync(tmp, broken);
      const tests = readFileSync(join(DIR, 'banbridge.rules.test.yml'), 'utf8').replace(
        '  - banbridge.rules.yml',
        '  - .broken.rules.yml',
      );
      writeFileSync(tmpTest, tests);
      expect(() => promtool('test', 'rules', '.broken.rules.test.yml')).toThrow();
    } finally {
      rmSync(tmp, { force: true });
      rmSync(tmpTest, { force: true });
    }
  });

  it('use only metrics banbridge exports', async () => {
    const rules = readFileSync(join(DIR, 'banbridge.rules.yml'), 'utf8');
    const used = new Set([...rules.matchAll(/\b(banbridge_[a-z0-9_]+)/g)].map((m) => m[1]));
    const scraped = await new Metrics().render();
    for (const name of used) expect(scraped, name).toContain(`# TYPE ${name} `);
    expect(used.size).toBeGreaterThanOrEqual(6);
  });
});
