import { CONTROL_RANGES } from '../../core/control-characters.js';

/** Markup that is already safe: built by `html` (its values escaped) or from our own constants. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Tab, line feed, carriage return: controls that HTML renders as white space. */
const WHITE_SPACE = new Set(['\t', '\n', '\r']);

/** The characters with an entity, and every control character of CONTROL_RANGES. */
const SPECIAL = new RegExp(
  `[&<>"'\`${CONTROL_RANGES.map(([a, b]) => `\\u{${a.toString(16)}}-\\u{${b.toString(16)}}`).join('')}]`,
  'gu',
);

/**
 * The one escaping helper: text for element content and (double-quoted) attribute values.
 * Control characters and bidi marks show as `\u{…}`, as the CLI shows them (a right-to-left
 * override in a Graylog field would otherwise reverse the text after it); white space stays
 * (an evidence <pre> keeps its line breaks).
 */
export function escapeHtml(text: string): string {
  return text.replace(
    SPECIAL,
    (c) =>
      ENTITIES[c] ?? (WHITE_SPACE.has(c) ? c : `\\u{${(c.codePointAt(0) as number).toString(16)}}`),
  );
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * Tagged template for every page: each interpolated value is escaped unless it is Html, so
 * text from detectors (log lines, user names, Graylog fields) can never become markup.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] as string;
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] as string);
  });
  return new Html(out);
}

/** A link to one of our own pages: the path is ours, parameters are URL-encoded. */
export function href(path: string, params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, v);
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}
