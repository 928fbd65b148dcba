import type { OutboxOp } from '../../../store/outbox.js';
import { SyncRequests, type SyncRequestRow } from '../../../store/sync-requests.js';
import type { WorkerStatus } from '../../../worker/status.js';
import type { Principal } from '../../principal.js';
import { syncRequestState } from '../../sync-request-view.js';
import { badge, relative, when } from '../format.js';
import { href, html, type Html } from '../html.js';
import { dataTable } from '../data-table.js';
import { csrfField, layout } from '../layout.js';

export interface RouterView {
  status: WorkerStatus;
  /** Pending and failed operations, newest first. */
  open: readonly OutboxOp[];
  /** The newest "sync now" request (console, POST /v1/sync, banbridge sync), if any. */
  sync: SyncRequestRow | null;
}

/** While a sync request waits for its answer the page reloads this often (seconds). */
const WAITING_REFRESH_S = 2;

/** What a reconciliation changed, in one line: `added 3, removed 0, … (reason periodic)`. */
function syncSummary(summary: Record<string, unknown>): string {
  const { reason, ms, ...counts } = summary;
  const parts = Object.entries(counts).map(([k, v]) => `${k.replace('_', ' ')} ${String(v)}`);
  return `${parts.join(', ')}${reason === undefined ? '' : ` (${String(reason)}${ms === undefined ? '' : `, ${String(ms)} ms`})`}`;
}

/** Why the mass-removal guard held removals back, in words (worker/removal-guard.ts). */
const guardReason: Record<NonNullable<WorkerStatus['guard']>['reason'], string> = {
  share: 'more than the allowed share at once',
  never_synced: 'this store never synced with the router',
  identity_changed: 'the router is not the one this store synced with',
};

function syncButton(csrf: string, router: string | undefined, label: string): Html {
  return html`<form class="inline" method="post" action="/ui/sync">
    ${csrfField(csrf)}${router === undefined ? '' : html`<input type="hidden" name="router" value="${router}" />`}<button
      type="submit"
    >
      ${label}
    </button>
  </form>`;
}

/** The newest sync request: who asked when, and the answer (or that it is still awaited). */
function syncRequestFacts(row: SyncRequestRow, now: number): Html {
  const state = syncRequestState(row, now);
  const driving = `the instance that drives ${row.router}`;
  const asked = html`${row.requested_by}, ${when(row.requested_at)}
  (${relative(row.requested_at, now)})`;
  return html`<dt>Sync request</dt>
    <dd class="sync-request" data-state="${state}">
      ${badge(state)} asked by
      ${asked}${
        state === 'waiting' || state === 'unanswered'
          ? html`<div class="muted">
              ${state === 'waiting' ? 'waiting for' : 'no answer yet from'} ${driving}
            </div>`
          : html`<div>
              answered by ${row.answered_by ?? ''} ${when(row.answered_at)}:
              ${
                state === 'done'
                  ? syncSummary(SyncRequests.summaryOf(row) ?? {})
                  : `${row.error_code ?? ''}: ${row.error ?? ''}`
              }
            </div>`
      }
    </dd>`;
}

function routerCard(view: RouterView, principal: Principal, csrf: string, now: number): Html {
  const s = view.status;
  const guard = s.guard;
  return html`<section class="card" data-router="${s.router}">
    <h2>${s.router} ${badge(s.state)}</h2>
    <dl class="facts">
      <dt>Last contact</dt>
      <dd>
        ${when(s.lastContactAt)}${s.lastContactAt === null ? '' : html` (${relative(s.lastContactAt, now)})`}
      </dd>
      ${
        s.lastError === null
          ? ''
          : html`<dt>Last error</dt>
              <dd>${s.lastError.code}: ${s.lastError.message}</dd>`
      }
      <dt>Pending operations</dt>
      <dd>${s.pending}</dd>
      <dt>Last reconciliation</dt>
      <dd>
        ${when(s.lastSyncAt)}${s.lastSync === null ? '' : html`<div class="sync-summary">${syncSummary(s.lastSync)}</div>`}
      </dd>
      ${view.sync === null || principal.role !== 'admin' ? '' : syncRequestFacts(view.sync, now)}
      ${
        guard === null
          ? ''
          : html`<dt>Removal guard</dt>
              <dd class="guard">
                holding ${guard.held} of ${guard.owned} banbridge entries back
                (${guardReason[guard.reason]}) since ${when(guard.since)}; check the store, then run
                <code>banbridge sync --router ${s.router} --allow-removals</code>
              </dd>`
      }
    </dl>
    ${principal.role === 'admin' ? syncButton(csrf, s.router, `Sync ${s.router} now`) : ''}
    ${
      view.open.length === 0
        ? html`<p class="muted">No pending or failed operations.</p>`
        : dataTable(
            `ops-${s.router}`,
            [
              { label: 'Op' },
              { label: 'Address' },
              { label: 'State' },
              { label: 'Attempts' },
              { label: 'Error' },
              { label: 'Queued', className: 'wide nowrap' },
            ],
            view.open.map((op) => ({
              cells: [
                op.op,
                html`<a href="${href('/ui/', { ip: op.key })}">${op.key}</a>`,
                badge(op.state),
                op.attempts,
                op.last_code === null ? '' : `${op.last_code}: ${op.last_error ?? ''}`,
                when(op.created_at),
              ],
            })),
          )
    }
  </section>`;
}

/** Each router: state, last reconciliation and what it changed, open operations. */
export function routersPage(input: {
  principal: Principal;
  csrf: string;
  routers: readonly RouterView[];
  notice?: string;
  now: number;
}): Html {
  return layout(
    {
      title: 'Routers',
      principal: input.principal,
      csrf: input.csrf,
      current: 'routers',
      // Only admins see sync requests, so only their pages follow one closely.
      refreshSeconds:
        input.principal.role === 'admin' &&
        input.routers.some(
          (r) => r.sync !== null && syncRequestState(r.sync, input.now) === 'waiting',
        )
          ? WAITING_REFRESH_S
          : 30,
    },
    html`<h1>Routers</h1>
      ${input.notice === undefined ? '' : html`<div class="notice" role="status">${input.notice}</div>`}
      ${input.routers.length === 0 ? html`<p class="muted">No routers are configured (routers: in the config).</p>` : ''}
      ${input.principal.role === 'admin' && input.routers.length > 1 ? syncButton(input.csrf, undefined, 'Sync all routers now') : ''}
      ${input.routers.map((r) => routerCard(r, input.principal, input.csrf, input.now))}`,
  );
}
