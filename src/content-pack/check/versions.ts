/** Graylog versions as [major, minor, patch]; enough for the lower bounds packs declare. */
export type Version = readonly [number, number, number];

export const V = (text: string): Version => {
  const [major = 0, minor = 0, patch = 0] = text.split('.').map(Number);
  return [major, minor, patch];
};

export function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export const show = (v: Version): string => v.join('.');

/**
 * The lowest version an npm range such as ">=5.0.0", ">=5.2.6+5296b15", ">=6.0.0-rc.4+062ad58",
 * "^5.0.0" or "5.x" admits (ServerVersionConstraintChecker: semver4j NPM ranges, the running
 * version with suffix and build cleared, 5.0–HEAD).
 * Undefined when the text is not a range we can read.
 */
export function lowerBound(range: string): Version | undefined {
  const match =
    /^\s*(?:>=|\^|~|=)?\s*v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?(?:\s+<.*)?\s*$/.exec(
      range,
    );
  if (match === null) return undefined;
  const part = (p: string | undefined) =>
    p === undefined || p === 'x' || p === '*' ? 0 : Number(p);
  return [Number(match[1]), part(match[2]), part(match[3])];
}
