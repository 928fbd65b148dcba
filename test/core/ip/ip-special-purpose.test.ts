import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkReserved,
  formatNetwork,
  IPV4_SPECIAL_PURPOSE,
  IPV6_SPECIAL_PURPOSE,
  NOT_IN_REGISTRY,
  parseAddress,
} from '../../../src/core/ip/index.js';
import { readNetwork } from '../../../src/core/ip/parse-address.js';
import { verdictOf } from '../../../src/core/ip/reserved-table.js';

interface Neighbour {
  address: string;
  expect: 'reserved' | 'global';
  /** Present when the neighbour is itself reserved by another range (no boundary shown). */
  note?: string;
}
interface BoundaryRow {
  cidr: string;
  source: 'iana-ipv4' | 'iana-ipv6' | 'banbridge';
  first: string;
  last: string;
  inside: 'reserved' | 'global';
  note?: string;
  before: Neighbour | null;
  after: Neighbour | null;
}

const ROWS = JSON.parse(
  readFileSync(
    new URL('../../fixtures/policy/special-purpose-boundaries.json', import.meta.url),
    'utf8',
  ),
) as BoundaryRow[];
const ALL = [...IPV4_SPECIAL_PURPOSE, ...IPV6_SPECIAL_PURPOSE, ...NOT_IN_REGISTRY];

/**
 * The verdict for one address, read both ways: as the policy reads reports (parseAddress maps
 * ::ffff:a.b.c.d to IPv4) and raw (readNetwork keeps the IPv6 block); they must agree.
 */
function verdict(address: string): 'reserved' | 'global' {
  const reported = checkReserved(parseAddress(address)).reserved;
  const raw = checkReserved(readNetwork(address)).reserved;
  expect(raw, `${address} read raw`).toBe(reported);
  return reported ? 'reserved' : 'global';
}

/** Independent of src/core/ip: first and last address of a CIDR by plain bigint math. */
function bounds(cidr: string): { family: 4 | 6; first: bigint; last: bigint } {
  const network = readNetwork(cidr);
  const bits = network.family === 4 ? 32 : 128;
  const size = 1n << BigInt(bits - network.prefix);
  return { family: network.family, first: network.value, last: network.value + size - 1n };
}

describe('special-purpose data', () => {
  it('has a boundary fixture row for every entry, in the same order', () => {
    expect(ROWS.map((row) => row.cidr)).toEqual(ALL.map((entry) => entry.cidr));
  });

  it('writes every range in canonical form, once, with its RFC', () => {
    for (const entry of ALL) {
      expect(formatNetwork(readNetwork(entry.cidr), { alwaysPrefix: true })).toBe(entry.cidr);
      expect(entry.rfc).toMatch(/^RFC \d+/);
      expect(entry.name.length).toBeGreaterThan(0);
    }
    expect(new Set(ALL.map((entry) => entry.cidr)).size).toBe(ALL.length);
  });

  it('holds the registries as IANA lists them (25 rows each; one row names two /32s)', () => {
    expect(IPV4_SPECIAL_PURPOSE).toHaveLength(26);
    expect(IPV6_SPECIAL_PURPOSE).toHaveLength(25);
  });

  it.each([
    ['3fff::/20', 'Documentation', 'RFC 9637', 'False'],
    ['5f00::/16', 'Segment Routing (SRv6) SIDs', 'RFC 9602', 'False'],
    ['100:0:0:1::/64', 'Dummy IPv6 Prefix', 'RFC 9780', 'False'],
    ['2001:20::/28', 'ORCHIDv2', 'RFC 7343', 'True'],
    ['2001:30::/28', 'Drone Remote ID Protocol Entity Tags (DETs) Prefix', 'RFC 9374', 'True'],
    ['2001:1::3/128', 'DNS-SD Service Registration Protocol Anycast', 'RFC 9665', 'True'],
    ['64:ff9b:1::/48', 'IPv4-IPv6 Translat.', 'RFC 8215', 'False'],
    ['64:ff9b::/96', 'IPv4-IPv6 Translat.', 'RFC 6052', 'True'],
    ['2620:4f:8000::/48', 'Direct Delegation AS112 Service', 'RFC 7534', 'True'],
    ['2001::/32', 'TEREDO', 'RFC 4380, RFC 8190', 'N/A'],
    ['2002::/16', '6to4', 'RFC 3056', 'N/A'],
    ['2001:10::/28', 'Deprecated (previously ORCHID)', 'RFC 4843', ''],
    ['192.88.99.0/24', 'Deprecated (6to4 Relay Anycast)', 'RFC 7526', ''],
    ['192.88.99.2/32', '6a44-relay anycast address', 'RFC 6751', 'False'],
    ['192.0.0.9/32', 'Port Control Protocol Anycast', 'RFC 7723', 'True'],
    ['192.31.196.0/24', 'AS112-v4', 'RFC 7535', 'True'],
    ['100.64.0.0/10', 'Shared Address Space', 'RFC 6598', 'False'],
  ])('lists %s as %s (%s), Globally Reachable %j', (cidr, name, rfc, reachable) => {
    expect(ALL.find((entry) => entry.cidr === cidr)).toMatchObject({
      name,
      rfc,
      globallyReachable: reachable,
    });
  });

  it('turns the Globally Reachable column into a ban verdict', () => {
    for (const entry of ALL) {
      const expected = ['2002::/16', '2001::/32', '64:ff9b::/96'].includes(entry.cidr)
        ? 'embedded-ipv4'
        : entry.globallyReachable === 'True'
          ? 'global'
          : 'reserved';
      expect(verdictOf(entry), entry.cidr).toBe(expected);
    }
  });
});

describe.each(ROWS)('boundaries of $cidr ($source)', (row) => {
  const { family, first, last } = bounds(row.cidr);

  it(`is ${row.inside} at its first and last address`, () => {
    expect(readNetwork(row.first).value).toBe(first);
    expect(readNetwork(row.last).value).toBe(last);
    expect(verdict(row.first)).toBe(row.inside);
    expect(verdict(row.last)).toBe(row.inside);
  });

  if (row.before === null) {
    it('has no address before it: it starts the address space', () => {
      expect(first).toBe(0n);
    });
  } else {
    const before = row.before;
    it(`ends before ${before.address}: ${before.expect}${before.note ? ` (${before.note})` : ''}`, () => {
      expect(readNetwork(before.address)).toMatchObject({ family, value: first - 1n });
      expect(verdict(before.address)).toBe(before.expect);
    });
  }
  if (row.after === null) {
    it('has no address after it: it ends the address space', () => {
      expect(last).toBe(family === 4 ? 2n ** 32n - 1n : 2n ** 128n - 1n);
    });
  } else {
    const after = row.after;
    it(`ends at ${after.address}: ${after.expect}${after.note ? ` (${after.note})` : ''}`, () => {
      expect(readNetwork(after.address)).toMatchObject({ family, value: last + 1n });
      expect(verdict(after.address)).toBe(after.expect);
    });
  }
});

describe('checkReserved', () => {
  it.each([
    '192.0.2.1',
    '198.51.100.77',
    '203.0.113.9',
    '2001:db8::1',
    '3fff::1',
    '3fff:fff:ffff::1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '100.64.0.1',
    '127.0.0.1',
    '169.254.1.1',
    '224.0.0.251',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    '0.1.2.3',
    '::',
    '::1',
    'fe80::1',
    'fd12:3456:789a::1',
    'ff02::1',
    'fec0::1',
    '4000::1',
    '5f00::1',
    '100::1',
    '2001:2::1',
    '2001:10::1',
  ])('refuses %s', (address) => {
    expect(checkReserved(parseAddress(address)).reserved).toBe(true);
  });

  it.each([
    '45.155.205.233',
    '185.220.101.4',
    '8.8.8.8',
    '1.1.1.1',
    '2a01:4f8:c17:1::1',
    '2606:4700:4700::1111',
    '192.0.0.9',
    '192.0.0.10',
    '192.31.196.1',
    '192.52.193.1',
    '192.175.48.1',
    '2001:1::1',
    '2001:3::1',
    '2001:4:112::1',
    '2001:20::1',
    '2001:30::1',
    '2620:4f:8000::1',
    '3ffe::1',
  ])('accepts %s', (address) => {
    expect(checkReserved(parseAddress(address))).toEqual({ reserved: false });
  });

  it('names the range, its name and RFC', () => {
    expect(checkReserved(parseAddress('203.0.113.9'))).toEqual({
      reserved: true,
      entry: { cidr: '203.0.113.0/24', name: 'Documentation (TEST-NET-3)', rfc: 'RFC 5737' },
    });
    expect(checkReserved(parseAddress('3fff::1'))).toMatchObject({
      entry: { cidr: '3fff::/20', rfc: 'RFC 9637' },
    });
  });

  it('refuses a network that overlaps any non-global range', () => {
    expect(checkReserved(parseAddress('8.0.0.0/6'))).toMatchObject({
      entry: { cidr: '10.0.0.0/8' },
    });
    expect(checkReserved(parseAddress('10.0.0.0/7'))).toMatchObject({
      entry: { cidr: '10.0.0.0/8' },
    });
    expect(checkReserved(parseAddress('0.0.0.0/0')).reserved).toBe(true);
    expect(checkReserved(parseAddress('192.0.0.8/31'))).toMatchObject({
      entry: { cidr: '192.0.0.8/32' },
    });
    expect(checkReserved(parseAddress('192.0.0.10/31'))).toMatchObject({
      entry: { cidr: '192.0.0.0/24' },
    });
    expect(checkReserved(parseAddress('2000::/3'))).toMatchObject({ entry: { cidr: '2001::/23' } });
    expect(checkReserved(parseAddress('3ff0::/12'))).toMatchObject({
      entry: { cidr: '3fff::/20' },
    });
    expect(checkReserved(parseAddress('::/0')).reserved).toBe(true);
  });

  it('accepts networks made only of globally reachable space', () => {
    expect(checkReserved(parseAddress('45.155.0.0/16')).reserved).toBe(false);
    expect(checkReserved(parseAddress('192.0.0.9/32')).reserved).toBe(false);
    expect(checkReserved(parseAddress('192.31.196.0/24')).reserved).toBe(false);
    expect(checkReserved(parseAddress('2a00::/8')).reserved).toBe(false);
    expect(checkReserved(parseAddress('2001:20::/27')).reserved).toBe(false);
    expect(checkReserved(parseAddress('2001:1::2/127')).reserved).toBe(false);
  });
});
