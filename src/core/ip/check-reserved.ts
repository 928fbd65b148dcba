import { embeddedIpv4 } from './embedded-ipv4.js';
import { formatNetwork } from './format-address.js';
import { intersection, type Network } from './network.js';
import {
  RESERVED_TABLE,
  segmentsOverlapping,
  type RangeInfo,
  type TableEntry,
} from './reserved-table.js';

export type ReservedVerdict =
  | { readonly reserved: false }
  | {
      readonly reserved: true;
      /** The special-purpose range that makes it unbannable (an IPv4 range when embedded). */
      readonly entry: RangeInfo;
      /** Set when the IPv6 form (6to4, NAT64, Teredo) carries that reserved IPv4. */
      readonly embedded?: {
        readonly form: string;
        readonly ipv4: string;
        readonly within: RangeInfo;
      };
    };

/**
 * Whether an address or network touches a range that is never banned. A network is reserved
 * when any address in it is (10.0.0.0/7 covers 10.0.0.0/8; 2002::/16 carries every IPv4).
 * A directly reserved range is reported before one found through an embedded IPv4.
 */
export function checkReserved(network: Network): ReservedVerdict {
  const segments = segmentsOverlapping(RESERVED_TABLE, network);
  const direct = segments.find((segment) => segment.entry.verdict === 'reserved');
  if (direct !== undefined) return { reserved: true, entry: info(direct.entry) };

  for (const { entry } of segments) {
    if (entry.verdict !== 'embedded-ipv4') continue;
    const part = intersection(network, entry.network) ?? network;
    for (const { form, ipv4 } of embeddedIpv4(part)) {
      const inner = checkReserved(ipv4);
      if (!inner.reserved) continue;
      return {
        reserved: true,
        entry: inner.entry,
        embedded: { form: form.name, ipv4: formatNetwork(ipv4), within: info(entry) },
      };
    }
  }
  return { reserved: false };
}

function info(entry: TableEntry): RangeInfo {
  return { cidr: entry.cidr, name: entry.name, rfc: entry.rfc };
}
