/**
 * The IANA Special-Purpose Address Registries (RFC 6890), as data, row for row.
 *
 * Transcribed 2026-11-30 from the registries as revised 2025-04 (newest row: 100:0:0:1::/64,
 * RFC 9780). When IANA adds a row, add it here and to the boundary fixture. Sources:
 *   https://www.iana.org/assignments/iana-ipv4-special-registry/iana-ipv4-special-registry.xhtml
 *   https://www.iana.org/assignments/iana-ipv4-special-registry/iana-ipv4-special-registry-1.csv
 *   https://www.iana.org/assignments/iana-ipv6-special-registry/iana-ipv6-special-registry.xhtml
 *   https://www.iana.org/assignments/iana-ipv6-special-registry/iana-ipv6-special-registry-1.csv
 *
 * `globallyReachable` is the registry's "Globally Reachable" column verbatim: 'True', 'False',
 * 'N/A' (Teredo and 6to4: "see RFC 4380 §5" / "see RFC 3056"), or '' for a terminated row
 * whose cells IANA emptied. One registry row listing two blocks (192.0.0.170/32,
 * 192.0.0.171/32) is written as two entries. How each value becomes a ban verdict is decided
 * in reserved-table.ts, not here.
 */
export interface SpecialPurposeEntry {
  readonly cidr: string;
  readonly name: string;
  readonly rfc: string;
  readonly globallyReachable: 'True' | 'False' | 'N/A' | '';
  /** The registry's "Termination Date" when the row is terminated. */
  readonly terminated?: string;
}

// One registry row per line, kept as a table.
// prettier-ignore
export const IPV4_SPECIAL_PURPOSE: readonly SpecialPurposeEntry[] = [
  { cidr: '0.0.0.0/8', name: '"This network"', rfc: 'RFC 791 §3.2', globallyReachable: 'False' },
  { cidr: '0.0.0.0/32', name: '"This host on this network"', rfc: 'RFC 1122 §3.2.1.3', globallyReachable: 'False' },
  { cidr: '10.0.0.0/8', name: 'Private-Use', rfc: 'RFC 1918', globallyReachable: 'False' },
  { cidr: '100.64.0.0/10', name: 'Shared Address Space', rfc: 'RFC 6598', globallyReachable: 'False' },
  { cidr: '127.0.0.0/8', name: 'Loopback', rfc: 'RFC 1122 §3.2.1.3', globallyReachable: 'False' },
  { cidr: '169.254.0.0/16', name: 'Link Local', rfc: 'RFC 3927', globallyReachable: 'False' },
  { cidr: '172.16.0.0/12', name: 'Private-Use', rfc: 'RFC 1918', globallyReachable: 'False' },
  // Footnote [2]: "Not useable unless by virtue of a more specific reservation."
  { cidr: '192.0.0.0/24', name: 'IETF Protocol Assignments', rfc: 'RFC 6890 §2.1', globallyReachable: 'False' },
  { cidr: '192.0.0.0/29', name: 'IPv4 Service Continuity Prefix', rfc: 'RFC 7335', globallyReachable: 'False' },
  { cidr: '192.0.0.8/32', name: 'IPv4 dummy address', rfc: 'RFC 7600', globallyReachable: 'False' },
  { cidr: '192.0.0.9/32', name: 'Port Control Protocol Anycast', rfc: 'RFC 7723', globallyReachable: 'True' },
  { cidr: '192.0.0.10/32', name: 'Traversal Using Relays around NAT Anycast', rfc: 'RFC 8155', globallyReachable: 'True' },
  { cidr: '192.0.0.170/32', name: 'NAT64/DNS64 Discovery', rfc: 'RFC 8880, RFC 7050 §2.2', globallyReachable: 'False' },
  { cidr: '192.0.0.171/32', name: 'NAT64/DNS64 Discovery', rfc: 'RFC 8880, RFC 7050 §2.2', globallyReachable: 'False' },
  { cidr: '192.0.2.0/24', name: 'Documentation (TEST-NET-1)', rfc: 'RFC 5737', globallyReachable: 'False' },
  { cidr: '192.31.196.0/24', name: 'AS112-v4', rfc: 'RFC 7535', globallyReachable: 'True' },
  { cidr: '192.52.193.0/24', name: 'AMT', rfc: 'RFC 7450', globallyReachable: 'True' },
  { cidr: '192.88.99.0/24', name: 'Deprecated (6to4 Relay Anycast)', rfc: 'RFC 7526', globallyReachable: '', terminated: '2015-03' },
  { cidr: '192.88.99.2/32', name: '6a44-relay anycast address', rfc: 'RFC 6751', globallyReachable: 'False' },
  { cidr: '192.168.0.0/16', name: 'Private-Use', rfc: 'RFC 1918', globallyReachable: 'False' },
  { cidr: '192.175.48.0/24', name: 'Direct Delegation AS112 Service', rfc: 'RFC 7534', globallyReachable: 'True' },
  { cidr: '198.18.0.0/15', name: 'Benchmarking', rfc: 'RFC 2544', globallyReachable: 'False' },
  { cidr: '198.51.100.0/24', name: 'Documentation (TEST-NET-2)', rfc: 'RFC 5737', globallyReachable: 'False' },
  { cidr: '203.0.113.0/24', name: 'Documentation (TEST-NET-3)', rfc: 'RFC 5737', globallyReachable: 'False' },
  { cidr: '240.0.0.0/4', name: 'Reserved', rfc: 'RFC 1112 §4', globallyReachable: 'False' },
  { cidr: '255.255.255.255/32', name: 'Limited Broadcast', rfc: 'RFC 8190, RFC 919 §7', globallyReachable: 'False' },
];

// One registry row per line, kept as a table.
// prettier-ignore
export const IPV6_SPECIAL_PURPOSE: readonly SpecialPurposeEntry[] = [
  { cidr: '::1/128', name: 'Loopback Address', rfc: 'RFC 4291', globallyReachable: 'False' },
  { cidr: '::/128', name: 'Unspecified Address', rfc: 'RFC 4291', globallyReachable: 'False' },
  { cidr: '::ffff:0:0/96', name: 'IPv4-mapped Address', rfc: 'RFC 4291', globallyReachable: 'False' },
  { cidr: '64:ff9b::/96', name: 'IPv4-IPv6 Translat.', rfc: 'RFC 6052', globallyReachable: 'True' },
  { cidr: '64:ff9b:1::/48', name: 'IPv4-IPv6 Translat.', rfc: 'RFC 8215', globallyReachable: 'False' },
  { cidr: '100::/64', name: 'Discard-Only Address Block', rfc: 'RFC 6666', globallyReachable: 'False' },
  { cidr: '100:0:0:1::/64', name: 'Dummy IPv6 Prefix', rfc: 'RFC 9780', globallyReachable: 'False' },
  // Footnote [1]: "Unless allowed by a more specific allocation."
  { cidr: '2001::/23', name: 'IETF Protocol Assignments', rfc: 'RFC 2928', globallyReachable: 'False' },
  { cidr: '2001::/32', name: 'TEREDO', rfc: 'RFC 4380, RFC 8190', globallyReachable: 'N/A' },
  { cidr: '2001:1::1/128', name: 'Port Control Protocol Anycast', rfc: 'RFC 7723', globallyReachable: 'True' },
  { cidr: '2001:1::2/128', name: 'Traversal Using Relays around NAT Anycast', rfc: 'RFC 8155', globallyReachable: 'True' },
  { cidr: '2001:1::3/128', name: 'DNS-SD Service Registration Protocol Anycast', rfc: 'RFC 9665', globallyReachable: 'True' },
  { cidr: '2001:2::/48', name: 'Benchmarking', rfc: 'RFC 5180, RFC Errata 1752', globallyReachable: 'False' },
  { cidr: '2001:3::/32', name: 'AMT', rfc: 'RFC 7450', globallyReachable: 'True' },
  { cidr: '2001:4:112::/48', name: 'AS112-v6', rfc: 'RFC 7535', globallyReachable: 'True' },
  { cidr: '2001:10::/28', name: 'Deprecated (previously ORCHID)', rfc: 'RFC 4843', globallyReachable: '', terminated: '2014-03' },
  { cidr: '2001:20::/28', name: 'ORCHIDv2', rfc: 'RFC 7343', globallyReachable: 'True' },
  { cidr: '2001:30::/28', name: 'Drone Remote ID Protocol Entity Tags (DETs) Prefix', rfc: 'RFC 9374', globallyReachable: 'True' },
  { cidr: '2001:db8::/32', name: 'Documentation', rfc: 'RFC 3849', globallyReachable: 'False' },
  { cidr: '2002::/16', name: '6to4', rfc: 'RFC 3056', globallyReachable: 'N/A' },
  { cidr: '2620:4f:8000::/48', name: 'Direct Delegation AS112 Service', rfc: 'RFC 7534', globallyReachable: 'True' },
  { cidr: '3fff::/20', name: 'Documentation', rfc: 'RFC 9637', globallyReachable: 'False' },
  { cidr: '5f00::/16', name: 'Segment Routing (SRv6) SIDs', rfc: 'RFC 9602', globallyReachable: 'False' },
  { cidr: 'fc00::/7', name: 'Unique-Local', rfc: 'RFC 4193, RFC 8190', globallyReachable: 'False' },
  { cidr: 'fe80::/10', name: 'Link-Local Unicast', rfc: 'RFC 4291', globallyReachable: 'False' },
];

/**
 * Ranges outside those two registries that are never a single remote host, so never banned.
 * Same shape; 'False' means never bannable, 'True' marks the space that is.
 */
// One registry row per line, kept as a table.
// prettier-ignore
export const NOT_IN_REGISTRY: readonly SpecialPurposeEntry[] = [
  // IANA IPv4 Multicast Address Space registry; a multicast group is not an attacker.
  { cidr: '224.0.0.0/4', name: 'Multicast', rfc: 'RFC 5771', globallyReachable: 'False' },
  // IANA IPv6 Address Space registry: only 2000::/3 is allocated as Global Unicast
  // (RFC 4291 §2.4, RFC 3587). Everything else is reserved, unicast-special (fc00::/7,
  // fe80::/10) or multicast; the registry rows above still win where they are more specific
  // (64:ff9b::/96 NAT64 outside 2000::/3 is judged by the IPv4 it embeds).
  { cidr: '::/0', name: 'Not IPv6 Global Unicast (outside 2000::/3)', rfc: 'RFC 4291 §2.4', globallyReachable: 'False' },
  { cidr: '2000::/3', name: 'IPv6 Global Unicast', rfc: 'RFC 4291 §2.4, RFC 3587', globallyReachable: 'True' },
  { cidr: 'ff00::/8', name: 'Multicast', rfc: 'RFC 4291 §2.7', globallyReachable: 'False' },
];
