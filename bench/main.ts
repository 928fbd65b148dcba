/**
 * `npm run bench`: every figure measured side by side in this one run on this machine, printed
 * as one table and written to bench/results.json. The machines are shared and noisy: compare
 * rows of one run, not runs. Scale it down with BENCH_BANS (push), BENCH_ENTRIES (list,
 * reconcile, restart), BENCH_OUTAGE_S / BENCH_LONG_OUTAGE_S (recovery) and BENCH_REBOOT_ENTRIES.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { benchConsolePages } from './console-pages.js';
import { benchFail2banReport } from './fail2ban-report.js';
import { benchIngest } from './ingest.js';
import { benchPushCostModel } from './push-cost-model.js';
import { benchReconcile } from './reconcile.js';
import { benchOutage, benchReboot } from './recovery.js';
import { benchRestart } from './restart.js';
import { benchList } from './routeros-list.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const count = env('BENCH_BANS', 10_000);
const entries = env('BENCH_ENTRIES', 100_000);
const outageS = env('BENCH_OUTAGE_S', 10);
const longOutageS = env('BENCH_LONG_OUTAGE_S', 60);
const rebootEntries = env('BENCH_REBOOT_ENTRIES', 1_000);

const out = (line = '') => process.stdout.write(`${line}\n`);
const load = () => loadavg()[0]?.toFixed(1) ?? '?';
const loadBefore = load();
out(
  `banbridge bench — node ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${loadBefore}`,
);

// Memory figures first, so a later run's allocations cannot hide their peak.
out(`reading a ${entries}-entry address list …`);
const list = await benchList({ entries });
out(`reconciling a ${entries}-entry router against the ban database …`);
const reconcile = await benchReconcile({ entries });
out(`restarting serve on ${entries} bans already in place …`);
const restart = await benchRestart(entries);
out(`pushing ${count} bans to a router costing 1 ms per command + 5 ms round trip …`);
const push = await benchPushCostModel({ count, latencyMs: 5, serviceMs: 1 });
out(`router away ${outageS} s and ${longOutageS} s with reports throughout; a reboot …`);
const outages = [await benchOutage(outageS * 1000), await benchOutage(longOutageS * 1000)];
const reboot = await benchReboot(rebootEntries, 5_000);
out('running the fail2ban action transport with banbridge down, hanging and back …');
const f2b = await benchFail2banReport();
const ingestRequests = Number(process.env.BENCH_INGEST ?? '4000');
out(
  `ingesting ${ingestRequests} Graylog notifications, 16 connections: bare express, SQLite, PostgreSQL …`,
);
const ingest = await benchIngest({ requests: ingestRequests, concurrency: 16 });
const bare = ingest[0]?.perSecond ?? 1;

out('operator console pages with 100000 active bans …');
const consolePages = await benchConsolePages();

const ms = (n: number) => `${Math.round(n).toLocaleString('en')} ms`;
const pct = push.limitMs / push.banbridgeMs;
const rows: [string, string, string][] = [
  [
    `push ${push.count} bans: the limit max(N×${push.serviceMs} ms, N×${push.latencyMs} ms/${push.window})`,
    ms(push.limitMs),
    'no client can be faster',
  ],
  [
    `  banbridge (window ${push.window})`,
    ms(push.banbridgeMs),
    `${(pct * 100).toFixed(0)} % of the limit (goal ≥ 80 %) ${pct >= 0.8 ? 'met' : 'NOT MET'}; ${push.maxInFlight} in flight`,
  ],
  [
    '  node-routeros 1.6.9, all adds in flight',
    ms(push.allInFlightMs),
    `${push.banbridgeMs <= push.allInFlightMs ? 'banbridge not slower: met' : 'banbridge SLOWER'}; unbounded in flight`,
  ],
  [
    '  node-routeros 1.6.9, each add awaited',
    ms(push.awaitedPerAddMs * push.count),
    `${push.awaitedPerAddMs.toFixed(1)} ms per add (measured on ${push.awaitedSample}, × ${push.count})`,
  ],
  ...outages.map((o): [string, string, string] => [
    `recovery: router away ${(o.awayMs / 1000).toFixed(0)} s, ${o.entries} bans reported meanwhile`,
    ms(o.recoveredMs),
    `after the API answered (goal ≤ 2 s) ${o.recoveredMs <= 2000 ? 'met' : 'NOT MET'}`,
  ]),
  [
    `recovery: reboot, ${reboot.entries} dynamic entries lost, away ${(reboot.awayMs / 1000).toFixed(0)} s`,
    ms(reboot.recoveredMs),
    `after the API answered (goal ≤ 2 s) ${reboot.recoveredMs <= 2000 ? 'met' : 'NOT MET'}`,
  ],
  [
    `restart serve with ${restart.entries} bans in place: ready`,
    ms(restart.readyMs),
    'from spawn of the built CLI to /readyz 200',
  ],
  [
    '  … and reconciled',
    ms(restart.reconciledMs),
    `goal ≤ 10 s ${restart.reconciledMs <= 10_000 ? 'met' : 'NOT MET'}; ${restart.writes} router writes, ${restart.inPlace} in place; peak RSS ${restart.peakRssMiB.toFixed(0)} MiB`,
  ],
  [
    `list() of ${list.entries} entries`,
    ms(list.listMs),
    `peak RSS +${list.peakRssDeltaMiB.toFixed(0)} MiB`,
  ],
  [
    `reconcile ${reconcile.entries} in place + ${reconcile.missing} missing`,
    ms(reconcile.reconcileMs),
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
    `ingest: ${r.target}${r.rounds ? ` (median of ${r.rounds.length} alternating rounds)` : ''}`,
    `${r.perSecond.toFixed(0)} req/s`,
    i === 0
      ? `${r.ok}/${r.requests} 2xx, the baseline; ${r.serverCpuUs.toFixed(0)} µs server CPU per request (client ${r.clientCpuUs.toFixed(0)} µs)`
      : r.pairedShare !== undefined
        ? `${(r.pairedShare * 100).toFixed(0)} % of bare express, the median of the rounds' ratios (goal ≥ 80 %: ${r.pairedShare >= 0.8 ? 'met' : 'NOT MET'}); ${r.ok}/${r.requests} 2xx; ${r.serverCpuUs.toFixed(0)} µs server CPU per request (client ${r.clientCpuUs.toFixed(0)} µs)`
        : `${((r.perSecond / bare) * 100).toFixed(0)} % of bare express; ${r.ok}/${r.requests} 2xx; ${r.serverCpuUs.toFixed(0)} µs server CPU per request (client ${r.clientCpuUs.toFixed(0)} µs)`,
  ]),
  ...consolePages.pages.map((p): [string, string, string] => [
    `console: ${p.page} (${consolePages.bans} bans)`,
    `${p.indexedMs.toFixed(0)} ms`,
    `median; ${p.unindexedMs.toFixed(0)} ms without migration 4's indexes`,
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
const loadAfter = load();
out(
  `\nload average ${loadBefore} before, ${loadAfter} after (${cpus().length} cores): above that, times stretch`,
);

writeFileSync(
  new URL('results.json', import.meta.url),
  `${JSON.stringify({ measured_at: new Date().toISOString(), node: process.version, cores: cpus().length, load_average: [loadBefore, loadAfter], push, outages, reboot, restart, list, reconcile, fail2ban_report: f2b, ingest, consolePages }, null, 2)}\n`,
);
out('\nwritten to bench/results.json');
if (reconcile.added !== reconcile.missing || reconcile.inPlace !== reconcile.entries) {
  out('reconcile result wrong: expected every missing entry added and every present one in place');
  process.exitCode = 1;
}
if (restart.writes !== 0 || restart.inPlace !== restart.entries) {
  out('restart wrong: expected zero router writes and every entry in place');
  process.exitCode = 1;
}
