/**
 * Host name syntax for allowlist entries (the operator's dynamic home address). Labels follow
 * RFC 1123 §2.1 (letters, digits, inner hyphens, 1–63 characters; 253 in all), and the last
 * label may not be all digits (RFC 3696 §2), so a mistyped address such as `1.2.3` or
 * `010.1.1.1` is an error rather than a name that never resolves.
 */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The host name in lower case without a trailing dot, or undefined when it is not one. */
export function normaliseHostname(text: string): string | undefined {
  const name = (text.endsWith('.') ? text.slice(0, -1) : text).toLowerCase();
  if (name.length === 0 || name.length > 253 || text !== text.trim()) return undefined;
  const labels = name.split('.');
  if (!labels.every((label) => LABEL.test(label))) return undefined;
  return /^[0-9]+$/.test(labels.at(-1) ?? '') ? undefined : name;
}
