import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAllowlist } from '../../src/core/ip/index.js';
import { liftAllowlisted } from '../../src/pipeline/lift-allowlisted.js';
import {
  ADMIN_TOKEN,
  basic,
  REPORTER,
  startTestService,
  type TestService,
} from '../helpers/service.js';

// 8.8.8.8 is allowlisted, 9.9.9.9 is a router's own host: both are refused in every form
// that embeds them, through every source (issue 11, item 1).
const NAT64_ALLOWED = '64:ff9b::8.8.8.8';
const SIX_TO_FOUR_ALLOWED = '2002:808:808::1';
const TEREDO_ALLOWED = '2001:0:4136:e378:8000:63bf:f7f7:f7f7';
const NAT64_ROUTER = '64:ff9b::909:909';

const graylogBody = (ip: string): string =>
  readFileSync(
    join(
      import.meta.dirname,
      '../fixtures/graylog/notifications/v70-filter-sshd-with-backlog.json',
    ),
    'utf8',
  ).replaceAll('203.0.113.9', ip);

/** The refusal codes of a report's decisions (an accepted decision shows as 'accepted'). */
function codes(body: { decisions?: { outcome: string; code?: string }[] }): string[] {
  return (body.decisions ?? []).map((d) => d.code ?? d.outcome);
}

describe('allowlist and router addresses in embedded-IPv4 forms', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService(
      {
        policy: { allowlist: ['8.8.8.8'], ipv6_prefix: 128 },
        routers: [
          {
            name: 'edge1',
            host: '9.9.9.9',
            username: 'banbridge',
            password: 'router-pw-123456',
            enabled: false,
          },
        ],
      },
      { targets: [] },
    );
  });
  afterAll(() => t.close());

  it.each([NAT64_ALLOWED, SIX_TO_FOUR_ALLOWED, TEREDO_ALLOWED, NAT64_ROUTER])(
    'POST /v1/bans refuses %s',
    async (ip) => {
      const res = await t.request('POST', '/v1/bans', { auth: basic(REPORTER), body: { ip } });
      expect(res.status).toBe(200);
      expect(codes(res.body)).toEqual(['IP_ALLOWLISTED']);
    },
  );

  it('POST /v1/fail2ban/ban refuses the Teredo form of an allowlisted address', async () => {
    const res = await t.request('POST', '/v1/fail2ban/ban', {
      auth: basic(REPORTER),
      type: 'application/x-www-form-urlencoded',
      raw: `ip=${encodeURIComponent(TEREDO_ALLOWED)}&jail=sshd&bantime=600&failures=5`,
    });
    expect(codes(res.body)).toEqual(['IP_ALLOWLISTED']);
  });

  it('POST /v1/graylog refuses the 6to4 form of a router address', async () => {
    const res = await t.request('POST', `/v1/graylog`, {
      auth: basic(REPORTER),
      raw: graylogBody('2002:909:909::1'),
    });
    expect(new Set(codes(res.body))).toEqual(new Set(['IP_ALLOWLISTED']));
  });

  it('no ban was recorded for any of them', async () => {
    const res = await t.request('GET', '/v1/bans', { auth: `Bearer ${ADMIN_TOKEN}` });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toMatch(/64:ff9b|2002:|2001:0:/);
  });

  it('allowlisting an IPv4 lifts the active ban on its embedded form', async () => {
    const ok = await t.request('POST', '/v1/bans', {
      auth: basic(REPORTER),
      body: { ip: '64:ff9b::2d9b:cde9' },
    });
    expect(ok.status).toBe(202);
    const lifted = await liftAllowlisted(t.service.pipeline, compileAllowlist(['45.155.205.233']));
    expect(lifted).toEqual(['64:ff9b::2d9b:cde9/128']);
    expect((await t.service.store.bans.get('64:ff9b::2d9b:cde9/128'))?.active).toBe(0);
  });
});
