import ipaddr from 'ipaddr.js';
import { addressBits, type Family, type Network } from './network.js';

/**
 * Canonical text of an address: IPv4 dotted quad without leading zeros, IPv6 lower-case in the
 * RFC 5952 §4 form (leading zeros dropped, the longest run of two or more zero groups
 * compressed, the first of equal runs) — ipaddr.js implements RFC 5952 as toRFC5952String.
 */
export function formatAddress(family: Family, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  }
  const parts: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) parts.push(Number((value >> shift) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
}

/**
 * Canonical text of a network. A single address is written without a prefix unless
 * `alwaysPrefix` is set (IPv6 ban keys always carry theirs, src/targets/target.ts).
 */
export function formatNetwork(network: Network, options: { alwaysPrefix?: boolean } = {}): string {
  const address = formatAddress(network.family, network.value);
  const isHost = network.prefix === addressBits(network.family);
  return isHost && options.alwaysPrefix !== true ? address : `${address}/${network.prefix}`;
}
