/** C0 and C1 controls, and the bidi marks and overrides that reorder what a terminal shows. */
export function isControl(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/**
 * Text that came from a detector (log lines, user names, Graylog fields) printed to a
 * terminal: control characters (ANSI escapes, carriage returns, bidi overrides) are shown as
 * \u{…} so a crafted log line cannot rewrite or hide what the operator sees.
 */
export function printable(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    out += isControl(code) ? `\\u{${code.toString(16)}}` : char;
  }
  return out;
}
