import type { AddressExplanation } from '../../../pipeline/explain-address.js';
import type { WorkerStatus } from '../../../worker/status.js';
import type { Principal } from '../../principal.js';
import { href, html, type Html } from '../html.js';
import { csrfField, layout } from '../layout.js';
import { explanationView } from './explanation-view.js';

export interface LookupInput {
  principal: Principal;
  csrf: string;
  asked: string;
  explained?: AddressExplanation;
  /** A problem with what was asked (not an address), shown above the form. */
  problem?: string;
  notice?: string;
  live: readonly WorkerStatus[];
  now: number;
}

function adminActions(input: LookupInput, e: AddressExplanation): Html {
  // Nothing to offer a reporter, nor a ban the policy would refuse anyway.
  if (input.principal.role !== 'admin' || (e.state !== 'banned' && !e.judgement.ok)) return html``;
  if (e.state === 'banned') {
    return html`<div class="card">
      <a id="unban" class="button" href="${href('/ui/unban', { ip: e.key })}">Unban ${e.key}…</a>
    </div>`;
  }
  return html`<div class="card">
    <form class="inline" method="post" action="/ui/ban">
      ${csrfField(input.csrf)}
      <input type="hidden" name="ip" value="${e.key}" />
      <label>Reason<input type="text" name="reason" maxlength="200" /></label>
      <label
        >Duration<input type="text" name="duration" maxlength="32" placeholder="policy.ban_time"
      /></label>
      <button type="submit" class="danger">Ban ${e.key}</button>
    </form>
  </div>`;
}

/** "Is this address blocked, and why?" — the console's first page. */
export function lookupPage(input: LookupInput): Html {
  const e = input.explained;
  return layout(
    { title: 'Look up', principal: input.principal, csrf: input.csrf, current: 'lookup' },
    html`<h1>Look up an address</h1>
      ${input.notice === undefined ? '' : html`<div class="notice" role="status">${input.notice}</div>`}
      <form class="inline card" method="get" action="/ui/">
        <label
          >IPv4, IPv6 or CIDR<input
            type="search"
            name="ip"
            value="${input.asked}"
            maxlength="100"
            autofocus
            required
        /></label>
        <button type="submit">Look up</button>
      </form>
      ${input.problem === undefined ? '' : html`<div class="error" role="alert">${input.problem}</div>`}
      ${e === undefined ? '' : explanationView(e, input.live, input.now, adminActions(input, e))}`,
  );
}
