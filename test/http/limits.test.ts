import { afterEach, describe, expect, it } from 'vitest';
import {
  basic,
  REPORTER,
  REPORTER2,
  startTestService,
  type TestService,
} from '../helpers/service.js';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.close();
  svc = undefined;
});
const ip = (i: number) => `5.3.${Math.floor(i / 250)}.${(i % 250) + 1}`;

describe('safety limits', () => {
  it('a source over max_new_bans_per_minute gets 429 RATE_LIMITED; another source and known bans are unaffected', async () => {
    svc = await startTestService({ policy: { max_new_bans_per_minute: 5 } });
    for (let i = 0; i < 5; i++) {
      expect(
        (await svc.request('POST', '/v1/bans', { auth: basic(REPORTER), body: { ip: ip(i) } }))
          .status,
      ).toBe(202);
    }
    const over = await svc.request('POST', '/v1/bans', {
      auth: basic(REPORTER),
      body: { ip: ip(5) },
    });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(over.body.decisions[0]).toMatchObject({ outcome: 'rejected', code: 'RATE_LIMITED' });
    expect(await svc.service.store.bans.get(ip(5))).toBeUndefined();
    // hits on bans that already exist are never limited
    expect(
      (await svc.request('POST', '/v1/bans', { auth: basic(REPORTER), body: { ip: ip(0) } }))
        .status,
    ).toBe(202);
    // the limit is per credential
    expect(
      (await svc.request('POST', '/v1/bans', { auth: basic(REPORTER2), body: { ip: ip(6) } }))
        .status,
    ).toBe(202);
  });

  it('over max_active_bans new bans are refused with CAPACITY and logged as an error', async () => {
    svc = await startTestService({ policy: { max_active_bans: 3 } });
    for (let i = 0; i < 3; i++)
      await svc.request('POST', '/v1/bans', { auth: basic(REPORTER), body: { ip: ip(i) } });
    const full = await svc.request('POST', '/v1/bans', {
      auth: basic(REPORTER),
      body: { ip: ip(3) },
    });
    expect(full.status).toBe(200);
    expect(full.body.decisions[0]).toMatchObject({ outcome: 'rejected', code: 'CAPACITY' });
    expect(
      svc.log.lines.some((l) => l.level === 'error' && l.message.includes('active-ban cap')),
    ).toBe(true);
    expect((await svc.service.store.bans.counts()).active).toBe(3);
  });
});
