import { describe, expect, it } from 'vitest';
import { BanbridgeError } from '../../../src/core/errors.js';
import {
  compileAllowlist,
  findAllowlisted,
  isAllowlisted,
  parseAddress,
} from '../../../src/core/ip/index.js';

const CONFIGURED = [
  '185.220.101.0/24',
  '45.155.205.7',
  '2a01:4f8:c17:1::5',
  '2a01:4f8:d00::/40',
  'Home.Example.org.',
  'office.example.net',
  '::ffff:91.198.174.192',
];
const RESOLVED = new Map([['home.example.org', ['93.184.215.14', '2a02:8070:1::7']]]);

describe('compileAllowlist', () => {
  const allowlist = compileAllowlist(CONFIGURED, { resolved: RESOLVED });

  it('compiles addresses, networks and resolved host names with their key paths', () => {
    expect(allowlist.entries.map((entry) => [entry.path, entry.text])).toEqual([
      ['policy.allowlist[0]', '185.220.101.0/24'],
      ['policy.allowlist[1]', '45.155.205.7'],
      ['policy.allowlist[2]', '2a01:4f8:c17:1::5'],
      ['policy.allowlist[3]', '2a01:4f8:d00::/40'],
      ['policy.allowlist[4]', '93.184.215.14'],
      ['policy.allowlist[4]', '2a02:8070:1::7'],
      ['policy.allowlist[6]', '91.198.174.192'],
    ]);
  });

  it('lists host names to resolve (normalised) and those not resolved yet', () => {
    expect(allowlist.hostnames).toEqual(['home.example.org', 'office.example.net']);
    expect(allowlist.unresolved).toEqual(['office.example.net']);
  });

  it('is immutable: re-resolution compiles a new allowlist', () => {
    expect(Object.isFrozen(allowlist)).toBe(true);
    expect(Object.isFrozen(allowlist.entries)).toBe(true);
    const later = compileAllowlist(CONFIGURED, {
      resolved: new Map([['office.example.net', ['80.81.82.83']]]),
    });
    expect(isAllowlisted(later, parseAddress('80.81.82.83'))).toBe(true);
    expect(isAllowlisted(later, parseAddress('93.184.215.14'))).toBe(false);
    expect(later.unresolved).toEqual(['home.example.org']);
  });

  it('uses the given key path in errors', () => {
    expect(() => compileAllowlist(['nope nope'], { keyPath: 'routers[0].allowlist' })).toThrow(
      /^routers\[0\]\.allowlist\[0\]: /,
    );
  });

  it.each([
    ['1.2.3', /IPv4 must be four decimal octets/],
    ['010.1.1.1', /leading zeros/],
    ['1.2.3.4/24', /write the network as 1\.2\.3\.0\/24/],
    ['2001:db8::1/32', /write the network as 2001:db8::\/32/],
    ['fe80::1%eth0', /zone id/],
    ['[::1]', /without brackets/],
    ['', /not an IP address, CIDR network or host name/],
    [' 1.2.3.4', /surrounding whitespace/],
    ['home example org', /not an IP address, CIDR network or host name/],
    ['-bad.example.org', /not an IP address, CIDR network or host name/],
    ['bad-.example.org', /not an IP address, CIDR network or host name/],
    ['a..example.org', /not an IP address, CIDR network or host name/],
    ['under_score.example.org', /not an IP address, CIDR network or host name/],
    ['http://home.example.org', /not an IP address, CIDR network or host name/],
    [`${'a'.repeat(64)}.example.org`, /not an IP address, CIDR network or host name/],
    ['b\u00fccher.example', /not an IP address, CIDR network or host name/],
  ])('refuses entry %j, naming its index', (bad, reason) => {
    let caught: unknown;
    try {
      compileAllowlist(['198.51.100.0/24', '2001:db8:42::/48', 'home.example.org', bad]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BanbridgeError);
    const error = caught as BanbridgeError;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.field).toBe('policy.allowlist[3]');
    expect(error.message).toMatch(/^policy\.allowlist\[3\]: /);
    expect(error.message).toMatch(reason);
  });

  it('accepts single-label and mixed-case host names', () => {
    expect(compileAllowlist(['gateway', 'VPN-1.Example.COM']).hostnames).toEqual([
      'gateway',
      'vpn-1.example.com',
    ]);
  });

  it('refuses a resolved value that is not an address', () => {
    expect(() =>
      compileAllowlist(['a', 'home.example.org'], {
        resolved: new Map([['home.example.org', ['fe80::1%eth0']]]),
      }),
    ).toThrow(/^policy\.allowlist\[1\]: host name home\.example\.org resolved to "fe80::1%eth0"/);
  });
});

describe('isAllowlisted / findAllowlisted', () => {
  const allowlist = compileAllowlist(CONFIGURED, { resolved: RESOLVED });
  const check = (text: string): boolean => isAllowlisted(allowlist, parseAddress(text));

  it.each([
    '185.220.101.4',
    '185.220.101.0/24',
    '185.220.101.128/25',
    '45.155.205.7',
    '2a01:4f8:c17:1::5',
    '2a01:4f8:d00:1::1',
    '2a01:4f8:d80::/41',
    '93.184.215.14',
    '2a02:8070:1::7',
    '91.198.174.192',
    '::ffff:91.198.174.192',
  ])('matches %s', (text) => {
    expect(check(text)).toBe(true);
  });

  it.each([
    '185.220.102.4',
    '45.155.205.6',
    '45.155.205.8',
    '2a01:4f8:c17:1::6',
    '2a01:4f8:e00::1',
    '93.184.215.15',
    '2a01:4f8:c17:1::5:0/112',
  ])('does not match %s', (text) => {
    expect(check(text)).toBe(false);
  });

  it('matches a wider ban that would cover an allowlisted address', () => {
    expect(check('45.155.205.0/24')).toBe(true);
    expect(check('45.0.0.0/8')).toBe(true);
    expect(check('185.220.0.0/16')).toBe(true);
    expect(check('2a01:4f8:c17:1::/64')).toBe(true);
    expect(check('2a01:4f8::/32')).toBe(true);
  });

  it('returns the entry it matched', () => {
    expect(findAllowlisted(allowlist, parseAddress('45.155.205.0/24'))).toMatchObject({
      path: 'policy.allowlist[1]',
      configured: '45.155.205.7',
      text: '45.155.205.7',
    });
    expect(findAllowlisted(allowlist, parseAddress('93.184.215.14'))).toMatchObject({
      path: 'policy.allowlist[4]',
      configured: 'Home.Example.org.',
    });
  });

  it('never matches across families', () => {
    const v4only = compileAllowlist(['0.0.0.0/0']);
    expect(isAllowlisted(v4only, parseAddress('2a01:4f8::1'))).toBe(false);
    const v6only = compileAllowlist(['::/0']);
    expect(isAllowlisted(v6only, parseAddress('45.155.205.233'))).toBe(false);
  });

  it('matches nothing when empty', () => {
    expect(isAllowlisted(compileAllowlist([]), parseAddress('45.155.205.233'))).toBe(false);
  });
});
