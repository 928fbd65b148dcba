import type { Decision } from '../pipeline/decision.js';

type Labels = Record<string, string>;

/**
 * A handful of Prometheus counters kept in memory; gauges (active bans, outbox depth,
 * router state) are read from the store and the worker at scrape time by the metrics route.
 */
export class Metrics {
  private readonly counters = new Map<string, { help: string; values: Map<string, number> }>();

  constructor() {
    this.define('banbridge_decisions_total', 'Report decisions by detector, outcome and code.');
    this.define('banbridge_http_requests_total', 'HTTP requests by method and status.');
    this.define(
      'banbridge_router_ops_total',
      'Router operations applied by router, op and result.',
    );
    this.define('banbridge_reconciles_total', 'Reconciliations by router and result.');
  }

  countDecisions(detector: string, decisions: readonly Decision[]): void {
    for (const d of decisions) {
      this.inc('banbridge_decisions_total', { detector, outcome: d.outcome, code: d.code ?? '' });
    }
  }

  inc(name: string, labels: Labels, by = 1): void {
    const counter = this.counters.get(name);
    if (counter === undefined) throw new Error(`metric ${name} is not defined`);
    const key = labelText(labels);
    counter.values.set(key, (counter.values.get(key) ?? 0) + by);
  }

  /** Prometheus text exposition format 0.0.4. */
  render(
    gauges: { name: string; help: string; samples: { labels: Labels; value: number }[] }[],
  ): string {
    const lines: string[] = [];
    for (const [name, { help, values }] of this.counters) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [labels, value] of values) lines.push(`${name}${labels} ${value}`);
    }
    for (const g of gauges) {
      lines.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`);
      for (const s of g.samples) lines.push(`${g.name}${labelText(s.labels)} ${s.value}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private define(name: string, help: string): void {
    this.counters.set(name, { help, values: new Map() });
  }
}

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}
