import { describe, expect, it } from 'vitest';
import {
  compileAllowlist,
  judgeAddress,
  matchAllowlist,
  parseAddress,
} from '../../../src/core/ip/index.js';

// 8.8.8.8 carried in every embedding form the reserved table knows (embedded-ipv4.ts):
// 6to4 puts it in bits 16-47 (RFC 3056 §2), NAT64 in the last 32 bits (RFC 6052 §2.2),
// Teredo stores the client inverted in bits 96-127 and the server in bits 32-63 (RFC 4380 §4).
const FORMS = {
  '6to4': '2002:808:808::1',
  NAT64: '64:ff9b::8.8.8.8',
  'Teredo client': '2001:0:4136:e378:8000:63bf:f7f7:f7f7',
  'Teredo server': '2001:0:808:808:8000:63bf:d264:3216',
} as const;

describe('allowlist judged through embedded IPv4 forms', () => {
  const allowlist = compileAllowlist(['8.8.8.0/24']);
  const options = { ipv6Prefix: 64, allowlist };

  for (const [form, address] of Object.entries(FORMS)) {
    it(`refuses ${address} (${form} of 8.8.8.8) as IP_ALLOWLISTED, naming the form`, () => {
      const judged = judgeAddress(address, { ...options, ipv6Prefix: 128 });
      expect(judged.ok).toBe(false);
      if (judged.ok) return;
      expect(judged.code).toBe('IP_ALLOWLISTED');
      expect(judged.message).toContain(`(${form})`);
      expect(judged.message).toContain('policy.allowlist[0]');
    });
  }

  it('matches the embedded IPv4 and says which form carried it', () => {
    expect(matchAllowlist(allowlist, parseAddress('64:ff9b::808:808'))).toMatchObject({
      entry: { path: 'policy.allowlist[0]' },
      embedded: { form: 'NAT64', ipv4: '8.8.8.8' },
    });
  });

  it('accepts the same forms carrying an address that is not allowlisted', () => {
    expect(judgeAddress('2002:2d9b:cde9::1', options)).toMatchObject({ ok: true });
    expect(judgeAddress('64:ff9b::45.155.205.233', { ...options, ipv6Prefix: 128 })).toMatchObject({
      ok: true,
    });
  });

  it('a direct IPv6 allowlist entry is still matched without an embedded form', () => {
    const v6 = compileAllowlist(['2a01:4f8:c17:1::/64']);
    expect(matchAllowlist(v6, parseAddress('2a01:4f8:c17:1::5'))).toEqual({
      entry: expect.objectContaining({ path: 'policy.allowlist[0]' }),
    });
  });
});
