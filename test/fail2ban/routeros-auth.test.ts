/**
 * How our mikrotik-login filter relates to fail2ban 1.1's own routeros-auth filter, on
 * fail2ban's own sample log (test/fixtures/fail2ban, verbatim from fail2ban 1.1.0): every
 * line routeros-auth matches, mikrotik-login matches with the same address, and it matches
 * nothing routeros-auth leaves alone. Run with Debian's fail2ban-regex (1.0.2), which reads
 * the 1.1.0 filter as it is.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithDaemons, run } from '../helpers/daemons.js';
import { REPO_ROOT, SHIPPED_FAIL2BAN } from './conf-dir.js';
import { readAnnotatedLog } from './annotated-log.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/fail2ban');
const SAMPLE = join(FIXTURES, 'routeros-auth');

const ips = (filter: string): string[] =>
  run('fail2ban-regex', ['-o', 'ip', SAMPLE, filter]).stdout.split('\n').filter(Boolean);

describeWithDaemons('mikrotik-login and fail2ban 1.1 routeros-auth', ['fail2ban-regex'], () => {
  it("matches every line of fail2ban's routeros-auth sample that routeros-auth matches, with the same address", () => {
    const theirs = ips(join(FIXTURES, 'routeros-auth.conf'));
    const expected = readAnnotatedLog(SAMPLE)
      .filter((l) => l.match)
      .map((l) => l.host);
    expect(theirs).toEqual(expected); // their filter, their annotations: the fixture is sound
    expect(ips(join(SHIPPED_FAIL2BAN, 'filter.d/mikrotik-login.conf'))).toEqual(theirs);
  });
});
