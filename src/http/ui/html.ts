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

/**
 * What escapeHtml also shows as `\u{…}`: the controls and bidi marks of isControl (core/
 * control-characters.ts, as the CLI shows them), except tab, line feed and carriage return,
 * which HTML renders as white space (and an evidence <pre> keeps as line breaks). A right-to-
 * left override in a Graylog field would otherwise reverse the text shown after it.
 */
const SPECIAL =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[&<>"'`\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The one escaping helper: text for element content and (double-quoted) attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    SPECIAL,
    (c) => ENTITIES[c] ?? `\\u{${(c.codePointAt(0) as number).toString(16)}}`,
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
