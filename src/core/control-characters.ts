/**
 * C0 and C1 controls, and the bidi marks and overrides that reorder what a terminal or a
 * page shows, as [first, last] code points: one table for the CLI (printable.ts, table.ts)
 * and the console (http/ui/html.ts).
 */
export const CONTROL_RANGES: readonly (readonly [number, number])[] = [
  [0x00, 0x1f],
  [0x7f, 0x9f],
  [0x200e, 0x200f],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
];

export function isControl(code: number): boolean {
  return CONTROL_RANGES.some(([first, last]) => code >= first && code <= last);
}
