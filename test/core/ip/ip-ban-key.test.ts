import { describe, expect, it } from 'vitest';
import { banKey, parseAddress } from '../../../src/core/ip/index.js';

describe('banKey (key format: src/targets/target.ts)', () => {
  it.each([
    ['45.155.205.233', 64, '45.155.205.233', 4, 32],
    ['185.220.101.4', 128, '185.220.101.4', 4, 32],
    ['1.2.3.4/32', 64, '1.2.3.4', 4, 32],
    ['45.155.205.0/24', 64, '45.155.205.0/24', 4, 24],
    ['45.155.0.0/16', 48, '45.155.0.0/16', 4, 16],
    ['::ffff:45.155.205.233', 64, '45.155.205.233', 4, 32],
    ['::ffff:2d9b:cd00/120', 64, '45.155.205.0/24', 4, 24],
    ['2a01:4f8:c17:1::1', 64, '2a01:4f8:c17:1::/64', 6, 64],
    ['2a01:4f8:c17:1::1', 56, '2a01:4f8:c17::/56', 6, 56],
    ['2a01:4f8:c17:1ff::1', 56, '2a01:4f8:c17:100::/56', 6, 56],
    ['2a01:4f8:c17:1f::1', 60, '2a01:4f8:c17:10::/60', 6, 60],
    ['2a01:4f8:c17:1::1', 48, '2a01:4f8:c17::/48', 6, 48],
    ['2a01:4f8:c17:1::1', 128, '2a01:4f8:c17:1::1/128', 6, 128],
    ['2A01:04F8:0C17:0001::0001', 64, '2a01:4f8:c17:1::/64', 6, 64],
    // A network already wider than ipv6Prefix is banned as given.
    ['2a01:4f8::/32', 64, '2a01:4f8::/32', 6, 32],
    ['2a01:4f8:c17::/48', 64, '2a01:4f8:c17::/48', 6, 48],
    // A narrower network is widened like a host.
    ['2a01:4f8:c17:1:8000::/65', 64, '2a01:4f8:c17:1::/64', 6, 64],
    ['2a01:4f8:c17:1::/64', 64, '2a01:4f8:c17:1::/64', 6, 64],
    ['2a01:4f8:c17:1::/64', 128, '2a01:4f8:c17:1::/64', 6, 64],
  ])('%s at ipv6Prefix %i → %s', (text, ipv6Prefix, key, family, prefix) => {
    const ban = banKey(parseAddress(text), ipv6Prefix);
    expect(ban).toMatchObject({ key, family, prefix });
  });

  it('returns a key that parses back to the banned network', () => {
    for (const [text, ipv6Prefix] of [
      ['2a01:4f8:c17:1::1', 64],
      ['2a01:4f8:c17:1::1', 128],
      ['45.155.205.233', 64],
      ['45.155.205.0/24', 64],
    ] as const) {
      const ban = banKey(parseAddress(text), ipv6Prefix);
      const reparsed = parseAddress(ban.key);
      expect({ ...reparsed, text: undefined }).toEqual({
        family: ban.family,
        value: ban.value,
        prefix: ban.prefix,
        text: undefined,
      });
    }
  });

  it('writes IPv6 keys in lower-case RFC 5952 form, always with /len', () => {
    const ban = banKey(parseAddress('2001:0DB8:0000:0000:0001:0000:0000:0000'), 128);
    // RFC 5952 §4.2.3: the longer run (three groups) is compressed, not the first.
    expect(ban.key).toBe('2001:db8:0:0:1::/128');
  });

  it('refuses an ipv6Prefix that is not an integer from 0 to 128', () => {
    const parsed = parseAddress('2a01:4f8:c17:1::1');
    expect(() => banKey(parsed, 129)).toThrow(RangeError);
    expect(() => banKey(parsed, -1)).toThrow(RangeError);
    expect(() => banKey(parsed, 64.5)).toThrow(RangeError);
    expect(() => banKey(parsed, Number.NaN)).toThrow(RangeError);
  });
});
