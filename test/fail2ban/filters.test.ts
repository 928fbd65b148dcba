/**
 * The MikroTik filters over their annotated sample logs (fail2ban's own test format:
 * "# failJSON: {...}" before each line, "# filterOptions: [...]" for the filter options the
 * following lines apply to), checked with the real fail2ban-regex: every line annotated
 * "match": true matches with exactly the annotated address, no other line matches.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithDaemons, findProgram, run } from '../helpers/daemons.js';
import { SHIPPED_FAIL2BAN } from './conf-dir.js';
import { readAnnotatedLog } from './annotated-log.js';


const optionsKey = (o: Record<string, string>): string =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/** One fail2ban-regex call: matched line text -> { ip, time } (fail2ban's own parse). */
function regexRun(log: string, filter: string): Map<string, { ip: string; time: number }> {
  const bin = findProgram('fail2ban-regex') ?? 'fail2ban-regex';
  const r = run(bin, ['-o', '<ip>\t<time>\t<msg>', log, filter]);
  if (r.code !== 0)
    throw new Error(`fail2ban-regex ${filter}: rc ${r.code}\n${r.stdout}${r.stderr}`);
  const found = new Map<string, { ip: string; time: number }>();
  for (const row of r.stdout.split('\n').filter(Boolean)) {
    const [ip, time, ...msg] = row.split('\t');
    found.set(msg.join('\t'), { ip: ip ?? '', time: Number(time) });
  }
  return found;
}

describeWithDaemons(
  'MikroTik filters over their annotated sample logs (fail2ban-regex)',
  ['fail2ban-regex'],
  () => {
    for (const name of ['mikrotik-login', 'mikrotik-ipsec']) {
      const log = join(SHIPPED_FAIL2BAN, 'tests/files/logs', name);
      const lines = readAnnotatedLog(log);
      const optionSets = [
        ...new Map(lines.flatMap((l) => l.options).map((o) => [optionsKey(o), o])).values(),
      ];

      for (const options of optionSets) {
        const key = optionsKey(options);
        it(`${name}${key === '' ? '' : `[${key}]`}: annotated lines match with their address, benign lines do not`, () => {
          const filter =
            join(SHIPPED_FAIL2BAN, 'filter.d', `${name}.conf`) + (key === '' ? '' : `[${key}]`);
          const found = regexRun(log, filter);
          const applicable = lines.filter((l) => l.options.some((o) => optionsKey(o) === key));
          expect(applicable.filter((l) => l.match).length).toBeGreaterThan(0);
          expect(applicable.filter((l) => !l.match).length).toBeGreaterThan(0);
          for (const l of applicable) {
            const hit = found.get(l.text);
            if (!l.match) {
              expect(hit, `line ${l.lineNo} must not match: ${l.text}`).toBeUndefined();
              continue;
            }
            expect(hit?.ip, `line ${l.lineNo}: ${l.text}`).toBe(l.host);
            // The date fail2ban used is the line's own (RFC 3339 lines carry their offset).
            const iso = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z))\s/.exec(
              l.text,
            )?.[1];
            if (iso !== undefined)
              expect(
                Math.abs((hit?.time ?? 0) * 1000 - Date.parse(iso)),
                `line ${l.lineNo} time`,
              ).toBeLessThan(1000);
          }
        });
      }
    }
  },
);
