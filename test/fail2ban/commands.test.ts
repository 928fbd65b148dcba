/**
 * Every fail2ban-regex command printed in fail2ban/README.md and in the filter headers, run
 * exactly as printed (sh -c), from the folder the text names: the README's from fail2ban/,
 * a header's from filter.d/. Each must load its filter and match something.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithDaemons, run } from '../helpers/daemons.js';
import { SHIPPED_FAIL2BAN } from './conf-dir.js';

/** The command lines of the README's sh blocks and of the filters' headers, with their folder. */
export function printedCommands(): { cwd: string; line: string }[] {
  const readme = readFileSync(join(SHIPPED_FAIL2BAN, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([^]*?)```/g)].map((m) => m[1] ?? '');
  const fromReadme = blocks
    .flatMap((b) => b.split('\n'))
    .filter((l) => l.startsWith('fail2ban-regex '))
    .map((line) => ({ cwd: SHIPPED_FAIL2BAN, line }));
  const fromHeaders = ['mikrotik-login', 'mikrotik-ipsec'].flatMap((f) =>
    readFileSync(join(SHIPPED_FAIL2BAN, 'filter.d', `${f}.conf`), 'utf8')
      .split('\n')
      .map((l) => /^#\s+(fail2ban-regex .*)$/.exec(l)?.[1])
      .filter((l): l is string => l !== undefined)
      .map((line) => ({ cwd: join(SHIPPED_FAIL2BAN, 'filter.d'), line })),
  );
  return [...fromReadme, ...fromHeaders];
}

it('the README and both filter headers print fail2ban-regex commands', () => {
  const found = printedCommands();
  expect(found.filter((c) => c.cwd === SHIPPED_FAIL2BAN).length).toBeGreaterThanOrEqual(4);
  expect(found.filter((c) => c.cwd.endsWith('filter.d')).length).toBeGreaterThanOrEqual(3);
});

describeWithDaemons('printed fail2ban-regex commands', ['fail2ban-regex'], () => {
  for (const { cwd, line } of printedCommands()) {
    it(`${cwd.endsWith('filter.d') ? 'filter.d$' : 'fail2ban$'} ${line}`, () => {
      const r = run('sh', ['-c', line], { cwd });
      const out = r.stdout + r.stderr;
      expect(r.code, out).toBe(0);
      expect(out).not.toMatch(/ERROR|does not exist|No failure-id/);
      if (line.includes(' -o ip ')) {
        const ips = r.stdout.split('\n').filter(Boolean);
        expect(ips.length).toBeGreaterThan(0);
        for (const ip of ips) expect(ip).toMatch(/^[0-9a-f.:]+$/);
      } else {
        const m = /Lines: \d+ lines, \d+ ignored, (\d+) matched, \d+ missed/.exec(out);
        expect(Number(m?.[1] ?? 0), out).toBeGreaterThan(0);
      }
    });
  }
});
