/*
 * A loose *shape* test used only to pick candidates out of values whose meaning is unknown
 * (key tuple entries, free text). It is not validation: policy parses and judges every
 * address afterwards (special-purpose ranges, allowlist, CIDR width).
 */
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const IPV4_WITH_PORT = /^((?:\d{1,3}\.){3}\d{1,3}):\d{1,5}$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

function isIpv6Shaped(text: string): boolean {
  const groups = text.split(':');
  if (groups.length < 3 || groups.length > 9) return false;
  const compressed = text.includes('::');
  if (!compressed && groups.length !== 8) return false; // times (09:14:03), MACs
  const last = groups[groups.length - 1] as string;
  const head = IPV4.test(last) ? groups.slice(0, -1) : groups;
  return head.every((group) => group === '' || HEX_GROUP.test(group)) && text !== '::';
}

/** The address in `token` (an address, address/prefix, or IPv4:port), or undefined. */
export function addressShaped(token: string): string | undefined {
  const [address = '', prefix, extra] = token.split('/');
  if (extra !== undefined || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) return undefined;
  if (IPV4.test(address) || isIpv6Shaped(address)) return token;
  if (prefix === undefined) return IPV4_WITH_PORT.exec(address)?.[1];
  return undefined;
}

/** Sentence punctuation around a token ("from 192.0.2.1." / "host:"), keeping a "::" edge. */
function trimPunctuation(token: string): string {
  let out = token.replace(/^\.+|\.+$/g, '');
  if (out.endsWith(':') && !out.endsWith('::')) out = out.replace(/:+$/, '');
  if (out.startsWith(':') && !out.startsWith('::')) out = out.replace(/^:+/, '');
  return out;
}

/**
 * Longer than any address a token can hold with its punctuation: an IPv6 address with an
 * embedded IPv4 and a prefix is at most 49 characters. Longer runs of digits, dots and colons
 * are skipped before trimming, whose regexes take time quadratic in a run like `1.....1`
 * (an attacker's log line of 200,000 such characters held the event loop for 25 s).
 */
const LONGEST_TOKEN = 64;

/** Every address-shaped token in free text, in order. */
export function addressesInText(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/[0-9A-Fa-f:.]+(?:\/\d{1,3})?/g)) {
    if (match[0].length > LONGEST_TOKEN) continue;
    const address = addressShaped(trimPunctuation(match[0]));
    if (address !== undefined) found.push(address);
  }
  return found;
}
