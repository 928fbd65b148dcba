import type { Principal } from '../../principal.js';
import { html, type Html } from '../html.js';
import { layout } from '../layout.js';

/** A problem (the API's problem+json fields) as a page. */
export function errorPage(
  problem: { status: number; code: string; detail: string },
  principal?: Principal,
  csrf?: string,
): Html {
  return layout(
    {
      title: `${problem.status} ${problem.code}`,
      ...(principal === undefined ? {} : { principal }),
      ...(csrf === undefined ? {} : { csrf }),
    },
    html`<h1>${problem.status} ${problem.code}</h1>
      <div class="error" role="alert" data-code="${problem.code}">${problem.detail}</div>
      <p><a href="/ui/">Back to the console</a></p>`,
  );
}
