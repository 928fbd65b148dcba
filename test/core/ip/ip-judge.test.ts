import { describe, expect, it } from 'vitest';
import { compileAllowlist, judgeAddress } from '../../../src/core/ip/index.js';

const allowlist = compileAllowlist(
  ['185.220.101.0/24', '2a01:4f8:c17:1::5', '10.0.0.0/8', 'home.example.org'],
  { resolved: new Map([['home.example.org', ['45.155.205.7']]]) },
);
const options = { ipv6Prefix: 64, allowlist };

describe('judgeAddress', () => {
  it('accepts a public IPv4 with its key', () => {
    expect(judgeAddress('45.155.205.233', options)).toEqual({
      ok: true,
      key: '45.155.205.233',
      family: 4,
      prefix: 32,
      canonical: '45.155.205.233',
    });
  });

  it('accepts a public IPv6 as its /64', () => {
    expect(judgeAddress('2A01:4F8:C17:2::1', options)).toEqual({
      ok: true,
      key: '2a01:4f8:c17:2::/64',
      family: 6,
      prefix: 64,
      canonical: '2a01:4f8:c17:2::1',
    });
  });

  it('accepts an IPv4-mapped address as the IPv4', () => {
    expect(judgeAddress('::ffff:45.155.205.233', options)).toMatchObject({
      ok: true,
      key: '45.155.205.233',
      family: 4,
    });
  });

  it.each([
    ['010.1.1.1', 'IP_INVALID', /"010\.1\.1\.1" is not a valid IP address/],
    ['1.2.3', 'IP_INVALID', /"1\.2\.3"/],
    ['fe80::1%eth0', 'IP_INVALID', /zone id/],
    ['10.1.2.3', 'IP_RESERVED', /10\.1\.2\.3 overlaps 10\.0\.0\.0\/8 \(Private-Use, RFC 1918\)/],
    ['192.0.2.1', 'IP_RESERVED', /192\.0\.2\.0\/24 \(Documentation \(TEST-NET-1\), RFC 5737\)/],
    ['198.51.100.7', 'IP_RESERVED', /198\.51\.100\.0\/24/],
    ['203.0.113.9', 'IP_RESERVED', /203\.0\.113\.0\/24/],
    ['2001:db8::1', 'IP_RESERVED', /2001:db8::\/32 \(Documentation, RFC 3849\)/],
    ['3fff::1', 'IP_RESERVED', /3fff::\/20 \(Documentation, RFC 9637\)/],
    ['100.64.0.1', 'IP_RESERVED', /Shared Address Space/],
    [
      '2002:a00:1::5',
      'IP_RESERVED',
      /embeds IPv4 10\.0\.0\.1 \(6to4\), which overlaps 10\.0\.0\.0\/8/,
    ],
    ['185.220.101.4', 'IP_ALLOWLISTED', /policy\.allowlist\[0\] \(185\.220\.101\.0\/24\)/],
    [
      '45.155.205.7',
      'IP_ALLOWLISTED',
      /policy\.allowlist\[3\] \(home\.example\.org = 45\.155\.205\.7\)/,
    ],
    [
      '45.155.205.0/24',
      'IP_ALLOWLISTED',
      /45\.155\.205\.0\/24 overlaps the allowlist entry policy\.allowlist\[3\]/,
    ],
  ])('refuses %s with %s', (text, code, message) => {
    const judgement = judgeAddress(text, options);
    expect(judgement).toMatchObject({ ok: false, code });
    if (!judgement.ok) expect(judgement.message).toMatch(message);
  });

  it('checks invalid, then reserved, then allowlisted', () => {
    // 10.0.0.0/8 is both reserved and allowlisted: reserved wins.
    expect(judgeAddress('10.1.2.3', options)).toMatchObject({ code: 'IP_RESERVED' });
    expect(judgeAddress('10.1.2.3/24', options)).toMatchObject({ code: 'IP_INVALID' });
  });

  it('judges the whole IPv6 ban network, not only the reported address', () => {
    const widened = judgeAddress('2a01:4f8:c17:1::1', options);
    expect(widened).toMatchObject({ ok: false, code: 'IP_ALLOWLISTED' });
    if (!widened.ok) {
      expect(widened.message).toBe(
        '2a01:4f8:c17:1::1 would be banned as 2a01:4f8:c17:1::/64, which overlaps the ' +
          'allowlist entry policy.allowlist[1] (2a01:4f8:c17:1::5), because the ban covers ' +
          'the whole /64 (policy.ipv6_prefix); to ban it, remove or narrow that entry',
      );
    }
    expect(judgeAddress('2a01:4f8:c17:1::1', { ...options, ipv6Prefix: 128 })).toMatchObject({
      ok: true,
      key: '2a01:4f8:c17:1::1/128',
    });
  });

  it('says when only a short policy.ipv6_prefix makes a ban reserved', () => {
    const judgement = judgeAddress('2001:4f8::1', { ...options, ipv6Prefix: 16 });
    expect(judgement).toMatchObject({ ok: false, code: 'IP_RESERVED' });
    if (!judgement.ok) {
      expect(judgement.message).toMatch(
        /^2001:4f8::1 would be banned as 2001::\/16, which overlaps 2001::\/23/,
      );
      expect(judgement.message).toMatch(/set a longer policy\.ipv6_prefix$/);
    }
    expect(judgeAddress('2001:4f8::1', options)).toMatchObject({ ok: true, key: '2001:4f8::/64' });
  });

  it('never throws on hostile input', () => {
    const inputs = ['', '\u0000', '%', '/', '::/', '1.2.3.4/999999999999', 'x'.repeat(100_000)];
    for (const text of inputs) {
      expect(judgeAddress(text, options)).toMatchObject({ ok: false, code: 'IP_INVALID' });
    }
  });

  it('is cheap enough to call per report (100-entry allowlist)', () => {
    const big = compileAllowlist(
      Array.from({ length: 100 }, (_, i) =>
        i % 2 ? `185.${i}.0.0/16` : `2a01:${i.toString(16)}::/32`,
      ),
    );
    const started = performance.now();
    for (let i = 0; i < 5_000; i++) {
      judgeAddress(`45.155.${i % 256}.${(i >> 8) % 256}`, { ipv6Prefix: 64, allowlist: big });
      judgeAddress(`2a02:4f8:${i.toString(16)}::1`, { ipv6Prefix: 64, allowlist: big });
    }
    // Measured around 0.2 s on a laptop; the bound only catches a pathological regression.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
