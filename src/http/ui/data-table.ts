import { html, type Html, type HtmlValue } from './html.js';

export interface Column {
  label: string;
  /** `wide`: hidden on a phone; `nowrap`: kept on one line. */
  className?: 'wide' | 'nowrap' | 'wide nowrap';
}

export interface Row {
  cells: readonly HtmlValue[];
  /** One data-* attribute for tests and scripts (e.g. data-router="edge1"). */
  data?: { name: string; value: string };
}

/**
 * Every list in the console: a scrollable table on a desktop; on a phone its rows stack,
 * each cell labelled by its column (data-label, shown by the style sheet).
 */
export function dataTable(id: string, columns: readonly Column[], rows: readonly Row[]): Html {
  const h = html;
  const cls = (c: Column | undefined) =>
    c?.className === undefined ? '' : h` class="${c.className}"`;
  const row = (r: Row) =>
    h`<tr${r.data === undefined ? '' : h` data-${r.data.name}="${r.data.value}"`}>${r.cells.map(
      (cell, i) => h`<td data-label="${columns[i]?.label ?? ''}"${cls(columns[i])}>${cell}</td>`,
    )}</tr>`;
  return h`<div class="scroll"><table id="${id}" class="stack"><thead><tr>${columns.map(
    (c) => h`<th${cls(c)}>${c.label}</th>`,
  )}</tr></thead><tbody>${rows.map(row)}</tbody></table></div>`;
}
