import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Decision } from '../pipeline/decision.js';

type Labels = Record<string, string>;

/** Seconds: from a fast loopback answer to a router command that times out. */
const LATENCY_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/**
 * Every metric banbridge exports, in one prom-client registry per service (tests run several
 * services in one process): Node and process metrics (prom-client's defaults), counters and
 * histograms fed as things happen, and gauges set from the store and the workers at scrape
 * time (scrape-gauges.ts). The README's Metrics table lists exactly these names.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly counters: Record<string, Counter>;
  readonly httpDuration: Histogram;
  readonly routerOpDuration: Histogram;
  readonly gauges: Record<GaugeName, Gauge>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const counter = (name: string, help: string, labelNames: string[]) =>
      new Counter({ name, help, labelNames, registers: [this.registry] });
    this.counters = {
      banbridge_decisions_total: counter(
        'banbridge_decisions_total',
        'Report decisions by source (api, graylog, fail2ban, console), outcome and refusal code.',
        ['source', 'outcome', 'code'],
      ),
      banbridge_router_ops_total: counter(
        'banbridge_router_ops_total',
        'Router operations applied from the outbox, by router, op and result.',
        ['router', 'op', 'result'],
      ),
      banbridge_reconciles_total: counter(
        'banbridge_reconciles_total',
        'Reconciliations by router and result.',
        ['router', 'result'],
      ),
    };
    const latency = (name: string, help: string, labelNames: string[]) =>
      new Histogram({
        name,
        help,
        labelNames,
        buckets: LATENCY_BUCKETS,
        registers: [this.registry],
      });
    this.httpDuration = latency(
      'banbridge_http_request_duration_seconds',
      'HTTP request duration by method, route (the API path pattern) and status.',
      ['method', 'route', 'status'],
    );
    this.routerOpDuration = latency(
      'banbridge_router_operation_duration_seconds',
      'Router calls (add, remove, remove_ids, refresh, list, uptime) by router, operation and result.',
      ['router', 'operation', 'result'],
    );
    this.gauges = Object.fromEntries(
      Object.entries(GAUGES).map(([name, [help, labelNames]]) => [
        name,
        new Gauge({ name, help, labelNames: [...labelNames], registers: [this.registry] }),
      ]),
    ) as Record<GaugeName, Gauge>;
  }

  countDecisions(source: string, decisions: readonly Decision[]): void {
    for (const d of decisions) {
      this.inc('banbridge_decisions_total', { source, outcome: d.outcome, code: d.code ?? '' });
    }
  }

  /** Adds to one of the counters above; an unknown name is a programming error. */
  inc(name: string, labels: Labels, by = 1): void {
    const counter = this.counters[name];
    if (counter === undefined) throw new Error(`metric ${name} is not defined`);
    counter.inc(labels, by);
  }

  /** Prometheus text exposition format 0.0.4. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** Gauges read at scrape time: name → help and label names. */
const GAUGES = {
  banbridge_active_bans: ['Active bans by address family.', ['family']],
  banbridge_permanent_bans: ['Active bans without end.', []],
  banbridge_outbox_operations: [
    'Router operations in the outbox by router and state.',
    ['router', 'state'],
  ],
  banbridge_outbox_oldest_pending_age_seconds: [
    'Age of the oldest pending router operation per router (0 when none is pending).',
    ['router'],
  ],
  banbridge_router_up: [
    '1 when the last contact with the router succeeded; only on the instance that drives it.',
    ['router'],
  ],
  // Not `instance`: Prometheus sets that label on every scraped series, and a scraped one of
  // that name is kept only as `exported_instance` (honor_labels: false, the default;
  // https://prometheus.io/docs/prometheus/latest/configuration/configuration/#scrape_config).
  banbridge_router_driving: [
    '1 when this instance drives the router (holds its lease), else 0; driven_by names the driver.',
    ['router', 'driven_by'],
  ],
  banbridge_router_removal_guard: [
    '1 while the mass-removal guard holds removals back until banbridge sync --allow-removals.',
    ['router'],
  ],
  banbridge_router_removal_guard_held: ['Removals the mass-removal guard holds back.', ['router']],
  banbridge_last_reconcile_timestamp_seconds: [
    'Unix time of the last completed reconciliation per router.',
    ['router'],
  ],
  banbridge_last_reconcile_duration_seconds: ['How long the last reconciliation took.', ['router']],
  banbridge_last_reconcile_drift: [
    'Entries the last reconciliation had to add, remove or refresh (drift it found).',
    ['router', 'kind'],
  ],
  banbridge_store_writable: [
    '1 while the store takes writes (no failed write since the last success, file still the one opened).',
    [],
  ],
} as const satisfies Record<string, readonly [string, readonly string[]]>;

export type GaugeName = keyof typeof GAUGES;
