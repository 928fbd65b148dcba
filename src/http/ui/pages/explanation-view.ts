import type { AddressExplanation, AuditView } from '../../../pipeline/explain-address.js';
import type { WorkerStatus } from '../../../worker/status.js';
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
          <div class="scroll">
            <table id="claims" class="stack">
              <thead>
                <tr>
                  <th>Claim</th>
                  <th>Detector</th>
                  <th>Reports</th>
                  <th>Detail</th>
                </tr>
              </thead>
              <tbody>
                ${e.claims.map(
                  (c) =>
                    html`<tr>
                      <td data-label="Claim">
                        ${c.source}${c.active ? '' : html` <span class="muted">(withdrawn)</span>`}
                        <div class="muted">user ${c.credential}</div>
                      </td>
                      <td data-label="Detector">
                        ${c.detector ?? '?'}${c.via === null ? '' : html`<div>${c.via}</div>`}
                      </td>
                      <td data-label="Reports">${c.hits}, since ${when(c.first_seen)}</td>
                      <td data-label="Detail">${detailList(c.detail)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`;
  const routers =
    e.routers.length === 0 || e.state === 'never-banned'
      ? ''
      : html`<h2>Routers</h2>
          <div class="scroll">
            <table id="routers" class="stack">
              <thead>
                <tr>
                  <th>Router</th>
                  <th>Entry</th>
                  <th>Since</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                ${e.routers.map((r) => {
                  const status = live.find((s) => s.router === r.router);
                  const why =
                    r.error ??
                    (r.state === 'pending' || r.state === 'removing' ? status?.lastError : null) ??
                    null;
                  return html`<tr data-router="${r.router}">
                    <td data-label="Router">${r.router}</td>
                    <td data-label="Entry">${badge(r.state)}</td>
                    <td data-label="Since">
                      ${when(r.since)}${r.attempts > 0 ? html` <span class="muted">${r.attempts} attempt(s)</span>` : ''}
                    </td>
                    <td data-label="Why">
                      ${why === null ? '' : html`${why.code}: ${why.message}`}
                    </td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`;
  const refusals =
    e.refusals.length === 0
      ? ''
      : html`<h2>Refused reports</h2>
          <div class="scroll">
            <table id="refusals" class="stack">
              <thead>
                <tr>
                  <th>When</th>
                  <th>From</th>
                  <th>Code</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                ${e.refusals.slice(0, 50).map(
                  (r) =>
                    html`<tr>
                      <td data-label="When" class="nowrap">${when(r.at)}</td>
                      <td data-label="From">
                        ${r.credential} via
                        ${r.detector}${r.via === null ? '' : html`<div>${r.via}</div>`}
                      </td>
                      <td data-label="Code">${r.code ?? ''}</td>
                      <td data-label="Why">${r.reason}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`;
  const evidence =
    e.evidence.length === 0
      ? ''
      : html`<h2>Evidence</h2>
          <div id="evidence">${evidenceBlock(e.evidence)}</div>`;
  return html`${verdict(e, now)}${actions}
    <div class="card">${facts}</div>
    ${claims}${routers}${refusals}${evidence}`;
}
