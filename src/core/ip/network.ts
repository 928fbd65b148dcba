/**
 * An IP network as plain numbers: its family, its first address as an unsigned integer (32 bits
 * for IPv4, 128 for IPv6) and its prefix length. A single address is the network with the full
 * prefix (/32, /128). bigint keeps IPv4 and IPv6 range arithmetic identical and exact.
 */
export type Family = 4 | 6;

export interface Network {
  readonly family: Family;
  /** The network address (host bits zero) as an unsigned integer. */
  readonly value: bigint;
  readonly prefix: number;
}

export function addressBits(family: Family): 32 | 128 {
  return family === 4 ? 32 : 128;
}

/** The bits a prefix leaves free, e.g. 0xff for an IPv4 /24. */
export function hostMask(family: Family, prefix: number): bigint {
  return (1n << BigInt(addressBits(family) - prefix)) - 1n;
}

/** The network of `prefix` bits that contains `value` (host bits cleared). */
export function networkOf(family: Family, value: bigint, prefix: number): Network {
  return { family, value: value & ~hostMask(family, prefix), prefix };
}

export function lastAddress(network: Network): bigint {
  return network.value | hostMask(network.family, network.prefix);
}

/** True when the two networks share at least one address (prefixes nest or are disjoint). */
export function overlaps(a: Network, b: Network): boolean {
  return a.family === b.family && a.value <= lastAddress(b) && b.value <= lastAddress(a);
}

/** True when every address of `inner` is in `outer`. */
export function contains(outer: Network, inner: Network): boolean {
  return (
    outer.family === inner.family &&
    outer.prefix <= inner.prefix &&
    networkOf(outer.family, inner.value, outer.prefix).value === outer.value
  );
}

/** The addresses two overlapping networks share: the more specific of the two. */
export function intersection(a: Network, b: Network): Network | undefined {
  if (!overlaps(a, b)) return undefined;
  return a.prefix >= b.prefix ? a : b;
}
