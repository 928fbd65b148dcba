import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { keyToRouterAddress, routerAddressToKey } from '../../../src/targets/routeros/address.js';
import { sanitiseComment, MAX_COMMENT_LENGTH } from '../../../src/targets/routeros/comment.js';
import { entryTimeout } from '../../../src/targets/routeros/entry-timeout.js';
import { parseRouterOsDuration } from '../../../src/targets/routeros/routeros-duration.js';
import { backoffDelay } from '../../../src/worker/backoff.js';

describe('key ↔ router address', () => {
  it.each([
    ['203.0.113.9', 4, '203.0.113.9'],
    ['203.0.113.9/32', 4, '203.0.113.9'],
    ['203.0.113.0/24', 4, '203.0.113.0/24'],
    ['2001:db8::1/128', 6, '2001:db8::1/128'],
    ['2001:db8::1', 6, '2001:db8::1/128'],
    ['2001:DB8:0:0::/64', 6, '2001:db8::/64'],
  ] as const)('%s (v%i) → %s', (key, family, address) => {
    expect(keyToRouterAddress(key, family)).toBe(address);
  });

  it.each([
    ['203.0.113.9', 4, '203.0.113.9'],
    ['203.0.113.9/32', 4, '203.0.113.9'],
    ['198.51.100.0/24', 4, '198.51.100.0/24'],
    ['2001:db8::1/128', 6, '2001:db8::1/128'],
    ['2001:DB8:0::1', 6, '2001:db8::1/128'],
    ['203.0.113.1-203.0.113.9', 4, '203.0.113.1-203.0.113.9'],
    ['bad.example.com', 4, 'bad.example.com'],
  ] as const)('router %s (v%i) → key %s', (address, family, key) => {
    expect(routerAddressToKey(address, family)).toBe(key);
  });

  it('reads an IPv4 address exactly as ipaddr.IPv4.isValidFourPartDecimal does (leading zeros, octets over 255)', () => {
    const edge = ['0.0.0.0', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5'];
    const tricky = [
      ...edge,
      '1.2.3.04',
      '00.0.0.0',
      ' 1.2.3.4',
      '1.2.3.4\n',
      '0x1.2.3.4',
      '1..3.4',
    ];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const octet = () =>
      [String(random(256)), String(random(400)), `0${random(99)}`][random(3)] as string;
    const samples = [
      ...tricky,
      ...Array.from({ length: 20_000 }, () => [1, 2, 3, 4].map(octet).join('.')),
    ];
    for (const text of samples) {
      const valid = ipaddr.IPv4.isValidFourPartDecimal(text);
      // A valid address is its own key; anything else is kept verbatim too, but `/32` shows
      // which path it took: only a valid address drops it.
      expect(routerAddressToKey(`${text}/32`, 4), text).toBe(valid ? text : `${text}/32`);
    }
  });
});

describe('sanitiseComment', () => {
  it('keeps printable ASCII, replaces the rest, keeps the banbridge prefix', () => {
    expect(sanitiseComment('banbridge ssh\tbrute\nforce')).toBe('banbridge ssh brute force');
    expect(sanitiseComment('banbridge Ärger ✓')).toBe('banbridge ?rger ?');
    expect(sanitiseComment('from graylog')).toBe('banbridge from graylog');
    expect(sanitiseComment(`banbridge ${'x'.repeat(500)}`)).toHaveLength(MAX_COMMENT_LENGTH);
  });
});

describe('RouterOS durations', () => {
  it.each([
    ['1w2d3h4m5s', (((7 + 2) * 24 + 3) * 60 + 4) * 60_000 + 5000],
    ['1m56s', 116_000],
    ['23h59m55s', 86_395_000],
    ['35w3d13h13m56s', 21_474_836_000],
    ['35w3d13:13:56', 21_474_836_000],
    ['00:00:05', 5000],
    ['551us', 0.551],
    ['90', 90_000],
  ])('%s', (text, ms) => {
    expect(parseRouterOsDuration(text)).toBeCloseTo(ms, 6);
  });
  it('rejects non-durations', () => {
    expect(parseRouterOsDuration('1x')).toBeUndefined();
    expect(parseRouterOsDuration('')).toBeUndefined();
    for (const text of ['5m10', '1mss', '5u', 'ms', '-5s', '+5s', '1.5s', '5 s', '٣s']) {
      expect(parseRouterOsDuration(text), text).toBeUndefined();
    }
  });

  it('reads the unit form exactly as the grammar ^(?:(\\d+)(w|d|h|ms|m|s|us|ns))+$ or bare seconds', () => {
    // The grammar as regular expressions: the reference the hand-written reader must match.
    const grammar = /^(?:(\d+)(w|d|h|ms|m|s|us|ns))+$/;
    const part = /(\d+)(w|d|h|ms|m|s|us|ns)/g;
    const unitMs: Record<string, number> = {
      w: 604_800_000,
      d: 86_400_000,
      h: 3_600_000,
      m: 60_000,
      s: 1000,
      ms: 1,
      us: 0.001,
      ns: 1e-6,
    };
    const reference = (text: string): number | undefined => {
      if (/^\d+$/.test(text)) return Number(text) * 1000;
      if (!grammar.test(text)) return undefined;
      let total = 0;
      for (const m of text.matchAll(part))
        total += Number(m[1]) * (unitMs[m[2] as string] as number);
      return total;
    };
    const alphabet = ['1', '0', '9', '42', 'w', 'd', 'h', 'm', 's', 'u', 'n', 'x', ':'];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 20_000; i++) {
      const text = Array.from(
        { length: 1 + random(7) },
        () => alphabet[random(alphabet.length)],
      ).join('');
      if (text.includes(':')) continue; // the colon form has its own reader
      expect(parseRouterOsDuration(text), text).toBe(reference(text));
    }
  });
});

describe('entryTimeout', () => {
  const now = 1_700_000_000_000;
  it('is the remaining time rounded up, capped at the RouterOS maximum', () => {
    expect(entryTimeout(now + 3_600_000, now)).toBe('1h');
    expect(entryTimeout(now + 1500, now)).toBe('2s');
    expect(entryTimeout(now + 400 * 86_400_000, now)).toBe('35w3d13h13m56s');
    expect(entryTimeout(null, now)).toBe('35w3d13h13m56s');
    expect(entryTimeout(now - 1, now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles with jitter between half and all of the ceiling, capped', () => {
    const policy = { baseMs: 500, maxMs: 30_000 };
    expect(backoffDelay(0, policy)).toBe(0);
    expect(backoffDelay(1, policy, () => 0)).toBe(250);
    expect(backoffDelay(3, policy, () => 1)).toBe(2000);
    expect(backoffDelay(20, policy, () => 1)).toBe(30_000);
  });
});
