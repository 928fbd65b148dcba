import { COUNT_CAP, type BanSearchRow } from '../../../store/ban-search.js';
import type { Principal } from '../../principal.js';
import { relative, when } from '../format.js';
import { href, html, type Html } from '../html.js';
import { dataTable } from '../data-table.js';
import { layout } from '../layout.js';

export interface BansFilter {
  source: string;
  family: '' | '4' | '6';
  text: string;
  after: string;
}

export interface BansInput {
  principal: Principal;
  csrf: string;
  filter: BansFilter;
  rows: readonly BanSearchRow[];
  total: number;
  /** Key to continue after, when there is a next page. */
  next: string | null;
  now: number;
}

/** The active bans, filtered and paged on the server (keyset paging by key). */
export function bansPage(input: BansInput): Html {
  const f = input.filter;
  const params = { source: f.source, family: f.family, text: f.text };
  const family = (value: string, label: string) =>
    html`<option value="${value}" ${f.family === value ? html` selected` : ''}>${label}</option>`;
  return layout(
    { title: 'Bans', principal: input.principal, csrf: input.csrf, current: 'bans' },
    html`<h1>Active bans</h1>
      <form class="inline card" method="get" action="/ui/bans">
        <label
          >Text (address start or reason)<input
            type="search"
            name="text"
            value="${f.text}"
            maxlength="100"
        /></label>
        <label
          >Source<input
            type="text"
            name="source"
            value="${f.source}"
            maxlength="100"
            placeholder="graylog, web01/sshd@web01"
        /></label>
        <label
          >Family<select name="family" data-autosubmit>
            ${family('', 'IPv4 and IPv6')}${family('4', 'IPv4')}${family('6', 'IPv6')}
          </select></label
        >
        <button type="submit">Filter</button>
      </form>
      <p id="ban-count">
        ${
          input.total > COUNT_CAP
            ? `More than ${COUNT_CAP.toLocaleString('en')}`
            : input.total.toLocaleString('en')
        }
        active ban(s) match${f.after === '' ? '' : html`; showing those after ${f.after}`}.
      </p>
      ${dataTable(
        'bans',
        [
          { label: 'Address' },
          { label: 'Until', className: 'nowrap' },
          { label: 'Sources' },
          { label: 'Since', className: 'wide nowrap' },
          { label: 'Reason', className: 'wide' },
        ],
        input.rows.map((b) => ({
          cells: [
            html`<a href="${href('/ui/', { ip: b.key })}">${b.key}</a>`,
            b.expires_at === null ? 'permanent' : relative(b.expires_at, input.now),
            b.sources,
            when(b.banned_at),
            b.reason,
          ],
        })),
      )}
      <div class="pager">
        ${f.after === '' ? '' : html`<a href="${href('/ui/bans', params)}">First page</a>`}${input.next === null ? '' : html`<a id="next-page" href="${href('/ui/bans', { ...params, after: input.next })}">Next page</a>`}
      </div>`,
  );
}
