/**
 * `npm run bench`: every figure measured side by side in this one run on this machine, printed
 * as a table and written to bench/results.json. Ratios, not absolute times, are the point:
 * these machines are shared and noisy.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchConsolePages } from './console-pages.js';
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

out('operator console pages with 100000 active bans …');
const consolePages = await benchConsolePages();

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

writeFileSync(
  new URL('results.json', import.meta.url),
  `${JSON.stringify({ measured_at: new Date().toISOString(), node: process.version, cores: cpus().length, push, speedup, list, reconcile, consolePages }, null, 2)}\n`,
);
out('\nwritten to bench/results.json');
if (reconcile.added !== reconcile.missing || reconcile.inPlace !== reconcile.entries) {
  out('reconcile result wrong: expected every missing entry added and every present one in place');
  process.exitCode = 1;
}
