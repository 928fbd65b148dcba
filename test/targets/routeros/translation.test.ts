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
