import { BanbridgeError } from '../../core/errors.js';

/**
 * The one defect tolerated, and only at the very end of the body: a comma after the last
 * backlog entry, right before the `]` that closes the top-level `backlog` array and the `}`
 * that closes the document. Graylog's default JSON template (graylog2-web-interface
 * `templates.ts` DEFAULT_JSON_TEMPLATE, 6.0.0–HEAD) writes `${if ! last_message}` with a space;
 * JMTE's lexer (`Lexer.java`, jmte 7.0.2/7.0.3) splits on whitespace and tests an empty
 * variable name, always true, so the comma follows every entry including the last. A string
 * value cannot end the document, so this cannot match inside a JSON string.
 */
const DEFAULT_TEMPLATE_TRAILING_COMMA = /(\}\s*),(\s*\]\s*\}\s*)$/;

export interface ParsedBody {
  value: unknown;
  /** True when the default-template trailing comma had to be removed to parse the body. */
  repairedTrailingComma: boolean;
}

/** Parses a notification body as JSON, tolerating exactly the default-template defect. */
export function parseBodyText(raw: string): ParsedBody {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  try {
    return { value: JSON.parse(text) as unknown, repairedTrailingComma: false };
  } catch (error) {
    const repaired = text.replace(DEFAULT_TEMPLATE_TRAILING_COMMA, '$1$2');
    if (repaired !== text) {
      try {
        return { value: JSON.parse(repaired) as unknown, repairedTrailingComma: true };
      } catch {
        // fall through to the original error: the comma was not the only problem
      }
    }
    throw new BanbridgeError(
      'GRAYLOG_BODY_INVALID',
      `body is not JSON (${(error as Error).message}); send the notification model JSON ` +
        '(HTTP Notification, or Custom HTTP Notification with content type JSON)',
      { field: 'body' },
    );
  }
}
