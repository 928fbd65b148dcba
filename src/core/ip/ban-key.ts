import { embeddedKeyPrefixFloor } from './embedded-ipv4.js';
import { formatNetwork } from './format-address.js';
import { networkOf, type Network } from './network.js';

/** What gets banned: the ban key (format in src/targets/target.ts) and its network. */
export interface BanKey extends Network {
  readonly key: string;
}

/**
 * The ban key for a parsed address. IPv4 is banned as given: a host `203.0.113.9`, a network
 * `203.0.113.0/24`. IPv6 is banned as the network of `ipv6Prefix` bits that contains it (one
 * subscriber usually holds a whole /64 or /56, RFC 6177), or the given network when it is
 * already wider; IPv6 keys always carry `/len`. Inside 6to4, NAT64 and Teredo the widening
 * stops where it would cover more than one embedded IPv4 (embedded-ipv4.ts).
 */
export function banKey(parsed: Network, ipv6Prefix: number): BanKey {
  if (parsed.family === 4) return { ...pick(parsed), key: formatNetwork(parsed) };
  if (!Number.isInteger(ipv6Prefix) || ipv6Prefix < 0 || ipv6Prefix > 128) {
    throw new RangeError(`ipv6Prefix must be an integer from 0 to 128, got ${ipv6Prefix}`);
  }
  let prefix = Math.min(parsed.prefix, ipv6Prefix);
  const floor = embeddedKeyPrefixFloor(parsed);
  if (floor !== undefined) prefix = Math.max(prefix, Math.min(parsed.prefix, floor));
  const network = networkOf(6, parsed.value, prefix);
  return { ...network, key: formatNetwork(network, { alwaysPrefix: true }) };
}

function pick({ family, value, prefix }: Network): Network {
  return { family, value, prefix };
}
