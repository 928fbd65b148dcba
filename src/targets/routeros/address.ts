import ipaddr from 'ipaddr.js';
import { isDottedQuad } from '../../core/ip/index.js';
import type { Family } from '../target.js';

/**
 * Ban key ↔ RouterOS address-list `address`.
 *
 * RouterOS normalises on add and prints (docs/routeros-notes.md §2.3): an IPv4 host is stored and printed bare
 * (`/32` dropped); an IPv6 address without prefix is stored as `/128`; IPv6 is printed
 * lower-case and zero-compressed. We always send exactly the stored form, because whether
 * `?address=` normalises its value is unverified (docs/routeros-notes.md §1.8).
 */
export function keyToRouterAddress(key: string, family: Family): string {
  if (family === 4) return key.endsWith('/32') ? key.slice(0, -3) : key;
  const [address, prefix] = key.split('/');
  const text = ipaddr.IPv6.isValid(address ?? '')
    ? ipaddr.IPv6.parse(address as string).toRFC5952String()
    : (address ?? key);
  return `${text}/${prefix ?? '128'}`;
}

/** The router's printed address as a ban key; verbatim when it is not an address (DNS names, ranges). */
export function routerAddressToKey(address: string, family: Family): string {
  const [host, prefix, extra] = address.split('/');
  if (host === undefined || extra !== undefined) return address;
  if (family === 4) {
    // The strict dotted quad is exactly what ipaddr.IPv4.isValidFourPartDecimal accepts (a
    // test compares them), read without ipaddr's parser: a 100,000-row print decodes faster.
    if (!isDottedQuad(host)) return address;
    return prefix === undefined || prefix === '32' ? host : `${host}/${prefix}`;
  }
  if (!ipaddr.IPv6.isValid(host)) return address;
  return `${ipaddr.IPv6.parse(host).toRFC5952String()}/${prefix ?? '128'}`;
}
