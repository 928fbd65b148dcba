import { describe, expect, it } from 'vitest';
import {
  banKey,
  checkReserved,
  embeddedIpv4,
  formatNetwork,
  parseAddress,
} from '../../../src/core/ip/index.js';

function carried(text: string): Record<string, string> {
  return Object.fromEntries(
    embeddedIpv4(parseAddress(text)).map(({ form, ipv4 }) => [form.name, formatNetwork(ipv4)]),
  );
}

describe('embeddedIpv4: the IPv4 an IPv6 form carries', () => {
  it('reads 6to4 bits 16–47 (RFC 3056 §2)', () => {
    expect(carried('2002:2d9b:cde9::1')).toEqual({ '6to4': '45.155.205.233' });
    expect(carried('2002:2d9b:cde9:1::/64')).toEqual({ '6to4': '45.155.205.233' });
    expect(carried('2002:2d9b::/32')).toEqual({ '6to4': '45.155.0.0/16' });
    expect(carried('2002::/16')).toEqual({ '6to4': '0.0.0.0/0' });
  });

  it('reads NAT64 bits 96–127 (RFC 6052 §2.2)', () => {
    expect(carried('64:ff9b::2d9b:cde9')).toEqual({ NAT64: '45.155.205.233' });
    expect(carried('64:ff9b::45.155.205.233')).toEqual({ NAT64: '45.155.205.233' });
    expect(carried('64:ff9b::2d9b:cd00/120')).toEqual({ NAT64: '45.155.205.0/24' });
  });

  it('reads the Teredo server and the inverted client (RFC 4380 §4)', () => {
    // RFC 4380's own example: server 65.54.227.120, client 192.0.2.45 port 40000.
    expect(carried('2001:0:4136:e378:8000:63bf:3fff:fdd2')).toEqual({
      'Teredo server': '65.54.227.120',
      'Teredo client': '192.0.2.45',
    });
    expect(carried('2001:0:4136:e378:8000:63bf:d264:3216')).toEqual({
      'Teredo server': '65.54.227.120',
      'Teredo client': '45.155.205.233',
    });
    // A prefix inside the client bits still fixes a client network, inverted back.
    expect(carried('2001:0:4136:e378:8000:63bf:d264:3200/120')).toMatchObject({
      'Teredo client': '45.155.205.0/24',
    });
  });

  it('finds nothing in ordinary or IPv4 addresses', () => {
    expect(carried('2a01:4f8:c17:1::1')).toEqual({});
    expect(carried('45.155.205.233')).toEqual({});
  });
});

describe('checkReserved judges embedded forms by their IPv4', () => {
  it.each([
    ['6to4 of a public IPv4', '2002:2d9b:cde9::1'],
    ['6to4 site of a public IPv4', '2002:2d9b:cde9::/48'],
    ['6to4 networks of public IPv4s', '2002:2c00::/22'],
    ['NAT64 of a public IPv4', '64:ff9b::2d9b:cde9'],
    ['NAT64 of a public /24', '64:ff9b::2d9b:cd00/120'],
    ['Teredo with public server and client', '2001:0:4136:e378:8000:63bf:d264:3216'],
  ])('accepts %s (%s)', (_why, text) => {
    expect(checkReserved(parseAddress(text))).toEqual({ reserved: false });
  });

  it.each([
    ['6to4 of 10.0.0.1', '2002:a00:1::1', '10.0.0.0/8', '6to4'],
    ['6to4 of 192.168.1.1', '2002:c0a8:101::1', '192.168.0.0/16', '6to4'],
    ['6to4 of documentation 203.0.113.9', '2002:cb00:7109::1', '203.0.113.0/24', '6to4'],
    ['6to4 of loopback', '2002:7f00:1::', '127.0.0.0/8', '6to4'],
    ['6to4 of the deprecated relay anycast', '2002:c058:6301::', '192.88.99.0/24', '6to4'],
    ['all of 6to4', '2002::/16', '0.0.0.0/32', '6to4'],
    ['a 6to4 network over 10/8', '2002:a00::/24', '10.0.0.0/8', '6to4'],
    ['NAT64 of 10.0.0.1', '64:ff9b::a00:1', '10.0.0.0/8', 'NAT64'],
    ['NAT64 of 100.64.0.1', '64:ff9b::100.64.0.1', '100.64.0.0/10', 'NAT64'],
    ['NAT64 of 198.51.100.1', '64:ff9b::c633:6401', '198.51.100.0/24', 'NAT64'],
    ['all of NAT64', '64:ff9b::/96', '0.0.0.0/32', 'NAT64'],
    [
      'Teredo client 192.0.2.45 (RFC 4380 example)',
      '2001:0:4136:e378:8000:63bf:3fff:fdd2',
      '192.0.2.0/24',
      'Teredo client',
    ],
    [
      'Teredo client 10.0.0.1',
      '2001:0:4136:e378:8000:63bf:f5ff:fffe',
      '10.0.0.0/8',
      'Teredo client',
    ],
    ['Teredo server 10.0.0.1', '2001:0:a00:1:8000:63bf:d264:3216', '10.0.0.0/8', 'Teredo server'],
    [
      'Teredo client network covering every client',
      '2001:0:4136:e378::/64',
      '0.0.0.0/32',
      'Teredo client',
    ],
  ])('refuses %s (%s)', (_why, text, cidr, form) => {
    expect(checkReserved(parseAddress(text))).toMatchObject({
      reserved: true,
      entry: { cidr },
      embedded: { form },
    });
  });

  it('refuses local-use NAT64 and IPv4-compatible forms whatever they carry', () => {
    // 64:ff9b:1::/48 is "Globally Reachable: False" (RFC 8215); ::/96 is outside 2000::/3.
    expect(checkReserved(parseAddress('64:ff9b:1::2d9b:cde9'))).toMatchObject({
      entry: { cidr: '64:ff9b:1::/48' },
    });
    expect(checkReserved(parseAddress('::2d9b:cde9'))).toMatchObject({ entry: { cidr: '::/0' } });
  });

  it('names the embedding block in the verdict', () => {
    expect(checkReserved(parseAddress('2002:a00:1::1'))).toEqual({
      reserved: true,
      entry: { cidr: '10.0.0.0/8', name: 'Private-Use', rfc: 'RFC 1918' },
      embedded: {
        form: '6to4',
        ipv4: '10.0.0.1',
        within: { cidr: '2002::/16', name: '6to4', rfc: 'RFC 3056' },
      },
    });
  });
});

describe('ban keys inside embedded forms cover one embedded IPv4 at most', () => {
  it.each([
    ['2002:2d9b:cde9:1::5', 64, '2002:2d9b:cde9:1::/64'],
    ['2002:2d9b:cde9:1::5', 32, '2002:2d9b:cde9::/48'],
    ['2002:2d9b:cde9:1::5', 16, '2002:2d9b:cde9::/48'],
    ['64:ff9b::2d9b:cde9', 64, '64:ff9b::2d9b:cde9/128'],
    ['64:ff9b::2d9b:cd00/120', 64, '64:ff9b::2d9b:cd00/120'],
    ['2001:0:4136:e378:8000:63bf:d264:3216', 64, '2001:0:4136:e378:8000:63bf:d264:3216/128'],
    ['2001:0:4136:e378:8000:63bf:d264:3216', 48, '2001:0:4136:e378:8000:63bf:d264:3216/128'],
  ])('%s at ipv6Prefix %i → %s', (text, ipv6Prefix, key) => {
    expect(banKey(parseAddress(text), ipv6Prefix).key).toBe(key);
  });
});
