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

const UNITS = /^(?:(\d+)(w|d|h|ms|m|s|us|ns))+$/;
const PART = /(\d+)(w|d|h|ms|m|s|us|ns)/g;
const COLON = /^(?:(\d+)w)?(?:(\d+)d)?(\d+):(\d{1,2}):(\d{1,2})(?:\.(\d+))?$/;

/** Parses a RouterOS duration into milliseconds; undefined when it is not one. */
export function parseRouterOsDuration(text: string): number | undefined {
  const value = text.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (UNITS.test(value)) {
    let total = 0;
    for (const match of value.matchAll(PART)) {
      total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
    }
    return total;
  }
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
