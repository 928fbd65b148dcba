/**
 * `npm run bench`: every figure measured side by side in this one run on this machine, printed
 * as a table and written to bench/results.json. Ratios, not absolute times, are the point:
 * these machines are shared and noisy.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchFail2banReport } from './fail2ban-report.js';
import { benchIngest } from './ingest.js';
import { benchReconcile } from './reconcile.js';
import { benchList, benchPush } from './routeros-push.js';

const count = Number(process.env.BENCH_BANS ?? '10000');
const entries = Number(process.env.BENCH_ENTRIES ?? '100000');

const out = (line = '') => process.stdout.write(`${line}\n`);
out(
  `banbridge bench — node ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
);

// Memory figures first, so a later run's allocations cannot hide their peak.
out(`reading a ${entries}-entry address list …`);
const list = await benchList({ entries });
out(`reconciling a ${entries}-entry router against the ban database …`);
const reconcile = await benchReconcile({ entries });
out(`pushing ${count} new bans at 5 ms reply latency, pipelined and one at a time …`);
const push = await benchPush({ count, latencyMs: 5 });
out('running the fail2ban action transport with banbridge down, hanging and back …');
const f2b = await benchFail2banReport();
const ingestRequests = Number(process.env.BENCH_INGEST ?? '4000');
out(
  `ingesting ${ingestRequests} Graylog notifications, 16 connections: bare express, SQLite, PostgreSQL …`,
);
const ingest = await benchIngest({ requests: ingestRequests, concurrency: 16 });
const bare = ingest[0]?.perSecond ?? 1;

const speedup = push.sequentialMs / push.pipelinedMs;
const rows: [string, string, string][] = [
  [
    `push ${push.count} bans, banbridge (window ${push.window})`,
    `${push.pipelinedMs.toFixed(0)} ms`,
    `${((push.count / push.pipelinedMs) * 1000).toFixed(0)} bans/s`,
  ],
  [
    `push ${push.count} bans, one command at a time`,
    `${push.sequentialMs.toFixed(0)} ms`,
    `${((push.count / push.sequentialMs) * 1000).toFixed(0)} bans/s`,
  ],
  ['speed-up (goal ≥ 20×)', `${speedup.toFixed(1)}×`, speedup >= 20 ? 'met' : 'NOT MET'],
  [
    `list() of ${list.entries} entries`,
    `${list.listMs.toFixed(0)} ms`,
    `peak RSS +${list.peakRssDeltaMiB.toFixed(0)} MiB`,
  ],
  [
    `reconcile ${reconcile.entries} in place + ${reconcile.missing} missing`,
    `${reconcile.reconcileMs.toFixed(0)} ms`,
    `peak RSS +${reconcile.peakRssDeltaMiB.toFixed(0)} MiB, added ${reconcile.added}, in place ${reconcile.inPlace}`,
  ],
  [
    `fail2ban action run, banbridge down (max of ${f2b.runs})`,
    `${f2b.downMaxMs.toFixed(0)} ms`,
    f2b.downMaxMs <= 2000 ? 'goal ≤ 2 s met' : 'goal ≤ 2 s NOT MET',
  ],
  [
    `fail2ban action run, banbridge hanging (max of ${f2b.runs})`,
    `${f2b.hangMaxMs.toFixed(0)} ms`,
    `${f2b.hangMaxMs <= 2000 ? 'goal ≤ 2 s met' : 'goal ≤ 2 s NOT MET'}; all ${f2b.runs}: ${f2b.hangTotalMs.toFixed(0)} ms`,
  ],
  [
    `fail2ban spool drained after the outage`,
    `${f2b.drainMs.toFixed(0)} ms`,
    `${f2b.drainReports} reports, in order, ${((f2b.drainReports / f2b.drainMs) * 1000).toFixed(0)}/s`,
  ],
  ...ingest.map((r, i): [string, string, string] => [
    `ingest: ${r.target}`,
    `${r.perSecond.toFixed(0)} req/s`,
    i === 0
      ? `${r.ok}/${r.requests} 2xx, the baseline`
      : `${((r.perSecond / bare) * 100).toFixed(0)} % of bare express${r.target.endsWith('SQLite') ? ` (goal ≥ 80 %: ${r.perSecond / bare >= 0.8 ? 'met' : 'NOT MET'})` : ''}; ${r.ok}/${r.requests} 2xx`,
  ]),
];
const widths = [0, 1, 2].map((i) =>
  Math.max(...rows.map((r) => r[i]?.length ?? 0), ['measurement', 'time', 'notes'][i]?.length ?? 0),
);
const line = (r: readonly string[]) =>
  `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
out('');
out(line(['measurement', 'time', 'notes']));
out(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) out(line(r));

writeFileSync(
  new URL('results.json', import.meta.url),
  `${JSON.stringify({ measured_at: new Date().toISOString(), node: process.version, cores: cpus().length, push, speedup, list, reconcile, fail2ban_report: f2b, ingest }, null, 2)}\n`,
);
out('\nwritten to bench/results.json');
if (reconcile.added !== reconcile.missing || reconcile.inPlace !== reconcile.entries) {
  out('reconcile result wrong: expected every missing entry added and every present one in place');
  process.exitCode = 1;
}
