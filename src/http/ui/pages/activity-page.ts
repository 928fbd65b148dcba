import type { AuditView } from '../../../pipeline/explain-address.js';
import type { HourlyCount } from '../../../store/audit-reads.js';
import type { Principal } from '../../principal.js';
import { badge, when } from '../format.js';
import { href, html, type Html } from '../html.js';
import { dataTable } from '../data-table.js';
import { layout } from '../layout.js';
import { hourlyChart } from './hourly-chart.js';

export interface ActivityInput {
  principal: Principal;
  csrf: string;
  /** Newest first, with their audit ids (for paging back). */
  rows: readonly (AuditView & { id: number })[];
  hourly: readonly HourlyCount[];
  since: number;
  days: number;
  now: number;
}

/** The latest decisions (refusals included), refreshed, and reports per hour by source. */
export function activityPage(input: ActivityInput): Html {
  const last = input.rows.at(-1);
  return layout(
    {
      title: 'Activity',
      principal: input.principal,
      csrf: input.csrf,
      current: 'activity',
      refreshSeconds: 30,
    },
    html`<h1>Activity</h1>
      <h2>Accepted reports per hour, last ${input.days} days</h2>
      ${hourlyChart(input.hourly, input.since, input.now)}
      <h2>Latest decisions</h2>
      ${dataTable(
        'activity',
        [
          { label: 'When', className: 'nowrap' },
          { label: 'Action' },
          { label: 'Address' },
          { label: 'Outcome' },
          { label: 'From' },
          { label: 'Evidence', className: 'wide' },
        ],
        input.rows.map((r) => {
          const address = r.key ?? r.ip;
          return {
            cells: [
              when(r.at),
              r.action,
              address === null
                ? ''
                : html`<a href="${href('/ui/', { ip: address })}">${address}</a>`,
              html`${badge(r.outcome)}${r.code === null ? '' : html` ${r.code}`}`,
              html`${r.credential} via
              ${r.detector}${r.via === null ? '' : html`<div class="muted">${r.via}</div>`}`,
              r.evidence === null ? '' : r.evidence.slice(0, 160),
            ],
          };
        }),
      )}
      <div class="pager">
        ${last === undefined ? '' : html`<a href="${href('/ui/activity', { before: String(last.id) })}">Older</a>`}
      </div>`,
  );
}
