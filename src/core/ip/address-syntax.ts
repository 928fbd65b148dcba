/**
 * The strict text grammar banbridge accepts, read straight into an integer.
 *
 * ipaddr.js is too lenient for a firewall to parse with alone: its IPv4 parser takes the
 * inet_aton forms (`0x7f.1`, `127.1`, octal `010.1.1.1`), its IPv6 parser takes zone ids
 * (`fe80::1%eth0`), and 2.5.0 reads the deprecated IPv4-compatible `::1.2.3.4` as the
 * IPv4-mapped `::ffff:1.2.3.4`. Only ASCII is matched (`[0-9]`, never Unicode digits).
 */

/** A decimal octet 0–255 without leading zeros (RFC 6943 §3.1.1: `010` reads as octal). */
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])';
const DOTTED_QUAD = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const IPV6_CHARS = /^[0-9A-Fa-f:.]+$/;

/** Whether `text` is four decimal octets 0–255 without leading zeros (the strict form). */
export function isDottedQuad(text: string): boolean {
  return DOTTED_QUAD.test(text);
}

/** Decimal prefix length without leading zeros (`/08` is refused as ambiguous). */
export const PREFIX_SYNTAX = /^(?:0|[1-9][0-9]{0,2})$/;

/**
 * The dotted-decimal form (RFC 6943 §3.1.1 "strict" form): exactly four decimal octets.
 * Returns the address as an unsigned 32-bit integer, or undefined when the text is not one.
 */
export function readIpv4(text: string): bigint | undefined {
  if (!isDottedQuad(text)) return undefined;
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(octet), 0n);
}

/**
 * IPv6 text as RFC 4291 §2.2 defines it: eight groups of one to four hex digits, at most one
 * `::` standing for one or more zero groups, and optionally a dotted quad as the last 32 bits.
 * Case-insensitive. No zone id (RFC 6874 `%…`), no brackets, nothing around it.
 * Returns the address as an unsigned 128-bit integer, or undefined.
 */
export function readIpv6(text: string): bigint | undefined {
  if (!IPV6_CHARS.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const compressed = halves.length === 2;
  const head = readGroups(halves[0] ?? '', !compressed);
  const tail = compressed ? readGroups(halves[1] ?? '', true) : [];
  if (head === undefined || tail === undefined) return undefined;

  const written = head.length + tail.length;
  if (compressed ? written > 7 : written !== 8) return undefined;
  const groups = [...head, ...Array<bigint>(8 - written).fill(0n), ...tail];
  return groups.reduce((acc, group) => (acc << 16n) | group, 0n);
}

/**
 * Reads one side of `::` into 16-bit groups. An empty side has none; an empty group is invalid.
 * A dotted quad counts as two groups and may only end the text (`mayEndInIpv4`).
 */
function readGroups(side: string, mayEndInIpv4: boolean): bigint[] | undefined {
  if (side === '') return [];
  const pieces = side.split(':');
  const groups: bigint[] = [];
  for (const [i, piece] of pieces.entries()) {
    if (HEX_GROUP.test(piece)) {
      groups.push(BigInt(`0x${piece}`));
      continue;
    }
    const ipv4 = mayEndInIpv4 && i === pieces.length - 1 ? readIpv4(piece) : undefined;
    if (ipv4 === undefined) return undefined;
    groups.push(ipv4 >> 16n, ipv4 & 0xffffn);
  }
  return groups;
}
