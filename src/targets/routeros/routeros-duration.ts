/**
 * RouterOS time values (docs/routeros-notes.md §2.4): `w d h m s` units with zero units omitted (`1w2d3h4m5s`,
 * `23h59m55s`), sub-second `ms`/`us`, and the colon form `hh:mm:ss` seen in the 2.9 manual
 * and in the timeout out-of-range message (`35w3d13:13:56`). A bare number means seconds.
 */

/**
 * Longest address-list timeout: 2^31 centiseconds (21,474,836.48 s), printed 35w3d13h13m56s
 * (AL-manual "Timeouts"). MAX_TIMEOUT_MS is the whole-second value we send.
 */
export const MAX_TIMEOUT_MS = 21_474_836_000;
export const TIMEOUT_LIMIT_MS = 21_474_836_480;
export const MAX_TIMEOUT_TEXT = '35w3d13h13m56s';

const UNIT_MS: Record<string, number> = {
  w: 604_800_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  ns: 0.000001,
};

const COLON = /^(?:(\d+)w)?(?:(\d+)d)?(\d+):(\d{1,2}):(\d{1,2})(?:\.(\d+))?$/;

/** Parses a RouterOS duration into milliseconds; undefined when it is not one. */
export function parseRouterOsDuration(text: string): number | undefined {
  const value = text.trim();
  const units = unitsMs(value);
  if (units !== undefined) return units;
  const colon = COLON.exec(value);
  if (colon) {
    const [, w, d, h, m, s, frac] = colon;
    const seconds =
      Number(w ?? 0) * 604_800 +
      Number(d ?? 0) * 86_400 +
      Number(h) * 3600 +
      Number(m) * 60 +
      Number(s);
    return seconds * 1000 + (frac === undefined ? 0 : Number(`0.${frac}`) * 1000);
  }
  return undefined;
}

const DIGIT_0 = 48;
const DIGIT_9 = 57;

/**
 * `1w2d3h4m5s`, `150ms` or a bare number of seconds: one or more groups of digits, each
 * followed by a unit (w, d, h, m, s, ms, us or ns; `m` followed by `s` is milliseconds), or
 * digits alone. Read by hand, not with a regular expression: a 100,000-row print parses one
 * timeout per row. Undefined when the text is not of this form (the colon form, garbage).
 */
function unitsMs(value: string): number | undefined {
  if (value.length === 0) return undefined;
  let total = 0;
  let i = 0;
  while (i < value.length) {
    const start = i;
    let code = value.charCodeAt(i);
    while (code >= DIGIT_0 && code <= DIGIT_9) code = value.charCodeAt(++i);
    if (i === start) return undefined;
    const amount = Number(value.slice(start, i));
    if (i === value.length) return start === 0 ? amount * 1000 : undefined;
    const unit =
      value[i + 1] === 's' && 'mun'.includes(value[i] as string) ? value.slice(i, i + 2) : value[i];
    const ms = UNIT_MS[unit as string];
    if (ms === undefined) return undefined;
    total += amount * ms;
    i += (unit as string).length;
  }
  return total;
}
