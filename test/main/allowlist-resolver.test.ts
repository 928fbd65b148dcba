import { describe, expect, it } from 'vitest';
import { addressJudge } from '../../src/main/build-policy.js';
import { AllowlistResolver } from '../../src/main/allowlist-resolver.js';
import { configFrom } from '../helpers/service.js';
import { RecordingLog } from '../helpers/recording-log.js';

const policy = configFrom(
  { users: [{ name: 'a', role: 'admin', token: 'x'.repeat(20) }] },
  '/tmp',
).policy;

describe('allowlist host names', () => {
  it('protects what the name resolves to now, follows changes, and keeps the last answer when DNS fails', async () => {
    let answer: string[] | Error = ['81.2.69.200'];
    const resolver = new AllowlistResolver(
      ['home.example.net', '198.51.100.0/24'],
      60_000,
      new RecordingLog(),
      async () => {
        if (answer instanceof Error) throw answer;
        return answer;
      },
    );
    const judge = addressJudge(policy, () => resolver.allowlist);
    await resolver.refresh();
    expect(judge('81.2.69.200')).toMatchObject({ ok: false, code: 'IP_ALLOWLISTED' });
    expect(judge('81.2.69.201')).toMatchObject({ ok: true });

    answer = ['81.2.69.201']; // the operator's dynamic address changed
    await resolver.refresh();
    expect(judge('81.2.69.200')).toMatchObject({ ok: true });
    expect(judge('81.2.69.201')).toMatchObject({ ok: false, code: 'IP_ALLOWLISTED' });

    answer = Object.assign(new Error('SERVFAIL'), { code: 'ESERVFAIL' });
    await resolver.refresh();
    expect(judge('81.2.69.201')).toMatchObject({ ok: false, code: 'IP_ALLOWLISTED' });
  });

  it('a CIDR report covering a resolved allowlisted address is refused', async () => {
    const resolver = new AllowlistResolver(
      ['home.example.net'],
      60_000,
      new RecordingLog(),
      async () => ['81.2.69.77'],
    );
    await resolver.refresh();
    const judge = addressJudge(policy, () => resolver.allowlist);
    expect(judge('81.2.69.0/24')).toMatchObject({ ok: false, code: 'IP_ALLOWLISTED' });
  });

  it("protects every router's own address (anti-lockout), named by its key path", async () => {
    const resolver = new AllowlistResolver(
      [],
      60_000,
      new RecordingLog(),
      async (host) => (host === 'edge2.example.net' ? ['81.2.69.90'] : []),
      ['81.2.69.50', 'edge2.example.net'],
    );
    await resolver.refresh();
    const judge = addressJudge(policy, () => resolver.allowlist);
    const first = judge('81.2.69.50');
    expect(first).toMatchObject({ ok: false, code: 'IP_ALLOWLISTED' });
    expect(first.ok === false && first.message).toContain('routers[0].host');
    expect(judge('81.2.69.90')).toMatchObject({ ok: false, code: 'IP_ALLOWLISTED' });
    expect(judge('81.2.69.91')).toMatchObject({ ok: true });
  });
});
