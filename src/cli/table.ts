import { isControl } from '../core/control-characters.js';

/**
 * A plain-text table: a header row, then one line per row, columns padded to their widest
 * cell; `rightAligned` names the numeric columns. Cells are single-line (newlines and other
 * control characters from stored text, e.g. a reason, are shown as spaces).
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: readonly string[] = [],
): string {
  const clean = rows.map((row) => row.map((cell) => singleLine(cell)));
  const widths = header.map((h, i) => Math.max(h.length, ...clean.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return rightAligned.includes(header[i] ?? '') ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return `${[line(header), ...clean.map(line)].join('\n')}\n`;
}

/**
 * Stored text on one line: control characters (reasons are reporter-controlled), C1 controls
 * and bidi overrides included, as spaces.
 */
export function singleLine(text: string, max = Infinity): string {
  let out = '';
  for (const char of text.slice(0, max)) {
    out += isControl(char.codePointAt(0) as number) ? ' ' : char;
  }
  return out;
}
