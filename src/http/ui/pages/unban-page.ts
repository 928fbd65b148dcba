import type { AddressExplanation } from '../../../pipeline/explain-address.js';
import type { Principal } from '../../principal.js';
import { href, html, type Html } from '../html.js';
import { csrfField, layout } from '../layout.js';

/** Says exactly what an unban will do before it is done. */
export function unbanPage(
  principal: Principal,
  csrf: string,
  e: AddressExplanation,
  routers: readonly string[],
): Html {
  const claims = e.claims.filter((c) => c.active);
  return layout(
    { title: `Unban ${e.key}`, principal, csrf, current: 'lookup' },
    html`<h1>Unban ${e.key}?</h1>
      <div class="card" id="consequences">
        <p>This will:</p>
        <ul>
          <li>
            lift all ${claims.length} claim(s):
            ${claims.map((c, i) => html`${i > 0 ? ', ' : ''}<strong>${c.source}</strong>`)};
          </li>
          <li>end the ban now, recorded as lifted by ${principal.name};</li>
          <li>
            remove the entry from ${routers.length}
            router(s)${routers.length === 0 ? '' : html`: ${routers.join(', ')}`}.
          </li>
        </ul>
        <p class="muted">
          The offence history stays: if a detector reports ${e.key} again, the new ban escalates
          from it.
        </p>
        <form class="inline" method="post" action="/ui/unban">
          ${csrfField(csrf)}
          <input type="hidden" name="ip" value="${e.key}" />
          <button type="submit" class="danger" id="confirm-unban">Unban ${e.key}</button>
          <a href="${href('/ui/', { ip: e.key })}">Cancel</a>
        </form>
      </div>`,
  );
}
