import type { AddressExplanation, AuditView } from '../../../pipeline/explain-address.js';
import type { WorkerStatus } from '../../../worker/status.js';
import { dataTable } from '../data-table.js';
import { badge, detailList, relative, when } from '../format.js';
import { html, type Html } from '../html.js';

function verdict(e: AddressExplanation, now: number): Html {
  const ban = e.ban;
  if (e.state === 'banned' && ban !== null) {
    const until =
      ban.expires_at === null
        ? html`permanently`
        : html`until ${when(ban.expires_at)} (${relative(ban.expires_at, now)})`;
    return html`<div class="verdict banned" data-state="banned">
      ${e.key} is BANNED since ${when(ban.banned_at)} ${until}
    </div>`;
  }
  const last =
    ban === null
      ? e.refusals.length > 0
        ? html`never banned; ${e.refusals.length} report(s) refused:
          ${[...new Set(e.refusals.map((r) => r.code ?? '?'))].join(', ')}`
        : e.history.length > 0
          ? html`never banned; reported, not banned`
          : html`never banned, never reported`
      : html`last ban ended ${when(ban.ended_at)} by ${ban.ended_by ?? 'expiry'}`;
  return html`<div class="verdict clear" data-state="${e.state}">
    ${e.key} is not banned (${last})
  </div>`;
}

function evidenceBlock(rows: readonly AuditView[]): Html {
  return html`${rows.slice(0, 20).map(
    (r) =>
      html`<div class="muted">
          ${when(r.at)} · ${r.credential} via
          ${r.detector}${r.via === null ? '' : html` · ${r.via}`}
        </div>
        <pre class="evidence">${r.evidence ?? ''}</pre>`,
  )}`;
}

/** Everything known about one address, for the lookup page. */
export function explanationView(
  e: AddressExplanation,
  live: readonly WorkerStatus[],
  now: number,
  /** What the user may do about it (unban, ban), right under the verdict. */
  actions: Html = html``,
): Html {
  const ban = e.ban;
  const facts = html`<dl class="facts">
    ${
      e.key !== e.input
        ? html`<dt>Asked</dt>
            <dd>${e.input} → ban key ${e.key}</dd>`
        : ''
    }
    ${
      e.judgement.ok
        ? ''
        : html`<dt>Policy</dt>
            <dd><strong>${e.judgement.code}</strong>: ${e.judgement.message}</dd>`
    }
    ${
      ban !== null && ban.reason !== ''
        ? html`<dt>Reason</dt>
            <dd>${ban.reason}</dd>`
        : ''
    }
    ${
      e.offence === null
        ? ''
        : html`<dt>Offence</dt>
            <dd data-offence="${e.offence.count}">${e.offence.escalation}</dd>`
    }
    ${
      ban === null
        ? ''
        : html`<dt>Reported</dt>
            <dd>
              ${ban.hits} time(s), first ${when(ban.first_seen)}, last ${when(ban.last_seen)}
            </dd>`
    }
  </dl>`;
  const claims =
    e.claims.length === 0
      ? ''
      : html`<h2>Claims</h2>
          ${dataTable(
            'claims',
            [{ label: 'Claim' }, { label: 'Detector' }, { label: 'Reports' }, { label: 'Detail' }],
            e.claims.map((c) => ({
              cells: [
                html`${c.source}${c.active ? '' : html` <span class="muted">(withdrawn)</span>`}
                  <div class="muted">user ${c.credential}</div>`,
                html`${c.detector ?? '?'}${c.via === null ? '' : html`<div>${c.via}</div>`}`,
                html`${c.hits}, since ${when(c.first_seen)}`,
                detailList(c.detail),
              ],
            })),
          )}`;
  const routers =
    e.routers.length === 0 || e.state === 'never-banned'
      ? ''
      : html`<h2>Routers</h2>
          ${dataTable(
            'routers',
            [{ label: 'Router' }, { label: 'Entry' }, { label: 'Since' }, { label: 'Why' }],
            e.routers.map((r) => {
              const status = live.find((s) => s.router === r.router);
              const why =
                r.error ??
                (r.state === 'pending' || r.state === 'removing' ? status?.lastError : null) ??
                null;
              return {
                data: { name: 'router', value: r.router },
                cells: [
                  r.router,
                  badge(r.state),
                  html`${when(r.since)}${r.attempts > 0 ? html` <span class="muted">${r.attempts} attempt(s)</span>` : ''}`,
                  why === null ? '' : `${why.code}: ${why.message}`,
                ],
              };
            }),
          )}`;
  const refusals =
    e.refusals.length === 0
      ? ''
      : html`<h2>Refused reports</h2>
          ${dataTable(
            'refusals',
            [
              { label: 'When', className: 'nowrap' },
              { label: 'From' },
              { label: 'Code' },
              { label: 'Why' },
            ],
            e.refusals.slice(0, 50).map((r) => ({
              cells: [
                when(r.at),
                html`${r.credential} via
                ${r.detector}${r.via === null ? '' : html`<div>${r.via}</div>`}`,
                r.code ?? '',
                r.reason,
              ],
            })),
          )}`;
  const evidence =
    e.evidence.length === 0
      ? ''
      : html`<h2>Evidence</h2>
          <div id="evidence">${evidenceBlock(e.evidence)}</div>`;
  return html`${verdict(e, now)}${actions}
    <div class="card">${facts}</div>
    ${claims}${routers}${refusals}${evidence}`;
}
