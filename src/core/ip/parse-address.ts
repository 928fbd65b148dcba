import { BanbridgeError } from '../errors.js';
import { maskNamedSecrets } from '../mask-secrets.js';
import { PREFIX_SYNTAX, readIpv4, readIpv6 } from './address-syntax.js';
import { formatNetwork } from './format-address.js';
import { addressBits, networkOf, type Family, type Network } from './network.js';

/** A validated address or CIDR network. */
export interface ParsedAddress extends Network {
  /** Canonical text: dotted quad or RFC 5952, with `/prefix` only when it is a network. */
  readonly text: string;
}

/** Longer than any valid form (45 characters of IPv6 with a dotted tail, plus `/128`). */
const MAX_LENGTH = 64;
/** ::ffff:0:0/96, RFC 4291 §2.5.5.2. */
const IPV4_MAPPED_HIGH_BITS = 0xffffn;

/**
 * No example address in it: the documentation ranges, where examples belong (RFC 5737,
 * RFC 3849), are refused as IP_RESERVED, so an example copied from here would fail again.
 */
const EXPECTED =
  'expected an IPv4 address (four numbers 0-255: a.b.c.d), an IPv6 address (hex groups ' +
  'with colons, :: for zeros), or either with a /prefix (a.b.c.d/24, an IPv6 address/64)';

/**
 * Parses one IP address or CIDR network, strictly: anything ambiguous is refused rather than
 * guessed. IPv4-mapped IPv6 (`::ffff:203.0.113.9`, RFC 4291 §2.5.5.2) becomes the IPv4 it
 * maps, so one attacker has one ban key. Throws BanbridgeError `IP_INVALID` (field `ip`).
 */
export function parseAddress(text: string): ParsedAddress {
  return withText(unmapIpv4(readNetwork(text)));
}

/**
 * The same strict reading without turning IPv4-mapped IPv6 into IPv4: for tables of ranges,
 * where `::ffff:0:0/96` must stay the IPv6 block it names.
 */
export function readNetwork(text: string): Network {
  if (typeof text !== 'string') throw invalid(text, 'it is not text');
  if (text.length > MAX_LENGTH) throw invalid(text, `it is longer than ${MAX_LENGTH} characters`);
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? undefined : text.slice(slash + 1);

  const { family, value } = readAddress(text, addressText);
  const bits = addressBits(family);
  let prefix: number = bits;
  if (prefixText !== undefined) {
    if (!PREFIX_SYNTAX.test(prefixText) || Number(prefixText) > bits) {
      throw invalid(text, `the prefix must be a decimal from 0 to ${bits} without leading zeros`);
    }
    prefix = Number(prefixText);
  }
  const network = networkOf(family, value, prefix);
  if (network.value !== value) {
    throw invalid(
      text,
      `it has host bits set after /${prefix}; write the network as ${formatNetwork(network)} ` +
        `or the single address without a prefix`,
    );
  }
  return network;
}

function readAddress(input: string, addressText: string): { family: Family; value: bigint } {
  const ipv4 = readIpv4(addressText);
  if (ipv4 !== undefined) return { family: 4, value: ipv4 };
  const ipv6 = readIpv6(addressText);
  if (ipv6 !== undefined) return { family: 6, value: ipv6 };
  throw invalid(input, hint(addressText));
}

function unmapIpv4({ family, value, prefix }: Network): Network {
  if (family === 6 && prefix >= 96 && value >> 32n === IPV4_MAPPED_HIGH_BITS) {
    return { family: 4, value: value & 0xffffffffn, prefix: prefix - 96 };
  }
  return { family, value, prefix };
}

function withText(network: Network): ParsedAddress {
  return { ...network, text: formatNetwork(network) };
}

/** Says why a common near-miss is refused, so the operator can fix the detector. */
function hint(addressText: string): string {
  if (addressText !== addressText.trim()) return 'it has surrounding whitespace';
  if (addressText.startsWith('[')) return 'IPv6 is written without brackets';
  if (addressText.includes('%')) return 'zone ids (%eth0) belong to link-local addresses only';
  if (/^[0-9.]+$/.test(addressText)) {
    return 'IPv4 must be four decimal octets 0-255 without leading zeros';
  }
  if (/[^0-9a-f.:/x]/i.test(addressText)) return 'it has characters no IP address has';
  if (/^(?:0x|[0-9a-fx]+\.)/i.test(addressText) && !addressText.includes(':')) {
    return 'hexadecimal, octal and shortened IPv4 forms are ambiguous';
  }
  return 'it is not an IP address';
}

function invalid(input: unknown, reason: string): BanbridgeError {
  const shown = typeof input === 'string' ? quote(input) : typeof input;
  const message = `${shown} is not a valid IP address or CIDR: ${reason}; ${EXPECTED}`;
  return new BanbridgeError('IP_INVALID', message, { field: 'ip' });
}

/** JSON quoting makes whitespace and control characters visible; long input is cut. */
function quote(text: string): string {
  // Credential-like values masked: a mistyped URL (`/v1/bans/1.2.3.4&token=…`) reaches here,
  // and the answer goes back to, and is kept by, whoever sent it.
  const masked = maskNamedSecrets(text);
  return JSON.stringify(masked.length > MAX_LENGTH ? `${masked.slice(0, MAX_LENGTH)}…` : masked);
}
