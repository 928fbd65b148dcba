import { readNetwork } from './parse-address.js';
import { addressBits, contains, intersection, networkOf, type Network } from './network.js';

/**
 * IPv6 forms that carry an IPv4 address in fixed bits. banbridge judges such an address by the
 * IPv4 it carries: a 6to4 or NAT64 form of 10.0.0.1 is as unbannable as 10.0.0.1 itself.
 */
export interface EmbeddedIpv4Form {
  readonly name: string;
  readonly cidr: string;
  readonly within: Network;
  /** Where the 32 IPv4 bits start, counted from the most significant bit. */
  readonly offset: number;
  /** Teredo stores the client's public address with every bit inverted (RFC 4380 §4). */
  readonly inverted: boolean;
  readonly rfc: string;
}

function form(
  name: string,
  cidr: string,
  offset: number,
  inverted: boolean,
  rfc: string,
): EmbeddedIpv4Form {
  return { name, cidr, within: readNetwork(cidr), offset, inverted, rfc };
}

export const EMBEDDED_IPV4_FORMS: readonly EmbeddedIpv4Form[] = [
  // 2002:V4ADDR::/48 — the site's IPv4 in bits 16–47 (RFC 3056 §2).
  form('6to4', '2002::/16', 16, false, 'RFC 3056 §2'),
  // 64:ff9b::/96 — the IPv4 in the last 32 bits (RFC 6052 §2.2, the /96 layout).
  form('NAT64', '64:ff9b::/96', 96, false, 'RFC 6052 §2.2'),
  // 2001:0:SERVER:FLAGS:PORT:CLIENT — server IPv4 in bits 32–63, client IPv4 inverted in
  // bits 96–127 (RFC 4380 §4). Both must be global for the address to be bannable.
  form('Teredo server', '2001::/32', 32, false, 'RFC 4380 §4'),
  form('Teredo client', '2001::/32', 96, true, 'RFC 4380 §4'),
];

export interface EmbeddedIpv4 {
  readonly form: EmbeddedIpv4Form;
  /** Every IPv4 address the IPv6 network can carry in that form, as one IPv4 network. */
  readonly ipv4: Network;
}

/**
 * The IPv4 networks an IPv6 network carries, one per form it overlaps. A network too wide to
 * fix any IPv4 bit carries 0.0.0.0/0; one that fixes all 32 carries a single address.
 */
export function embeddedIpv4(network: Network): EmbeddedIpv4[] {
  if (network.family !== 6) return [];
  const found: EmbeddedIpv4[] = [];
  for (const candidate of EMBEDDED_IPV4_FORMS) {
    const part = intersection(network, candidate.within);
    if (part === undefined) continue;
    const fixedBits = Math.min(Math.max(part.prefix - candidate.offset, 0), 32);
    let bits = (part.value >> BigInt(addressBits(6) - candidate.offset - 32)) & 0xffffffffn;
    if (candidate.inverted) bits = ~bits & 0xffffffffn;
    found.push({ form: candidate, ipv4: networkOf(4, bits, fixedBits) });
  }
  return found;
}

/**
 * The shortest prefix an IPv6 ban inside an embedding form may be widened to and still carry
 * one IPv4 per form (6to4: /48, one site; NAT64 and Teredo: /128, one host — a Teredo /64 is
 * every client of one relay server). Undefined outside those forms.
 */
export function embeddedKeyPrefixFloor(network: Network): number | undefined {
  let floor: number | undefined;
  for (const candidate of EMBEDDED_IPV4_FORMS) {
    if (!contains(candidate.within, network)) continue;
    floor = Math.max(floor ?? 0, candidate.offset + 32);
  }
  return floor;
}
