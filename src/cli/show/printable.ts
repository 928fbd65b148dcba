import { isControl } from '../../core/control-characters.js';

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
