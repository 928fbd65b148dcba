import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basic, REPORTER, startTestService, type TestService } from '../helpers/service.js';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/**
 * POST /v1/fail2ban/unban: fail2ban unbans at the end of its own bantime (expired=1) or
 * by hand (`unbanip`, expired=0). Escalation can make banbridge's ban longer than
 * fail2ban's, so only the hand-made unban withdraws the jail's claim.
 */
describe('POST /v1/fail2ban/unban', () => {
  let t: TestService;
  const auth = basic(REPORTER);
  const post = (path: string, fields: Record<string, string>) =>
    t.request('POST', path, { auth, raw: form(fields), type: 'application/x-www-form-urlencoded' });

  beforeEach(async () => {
    t = await startTestService();
  });
  afterEach(() => t.close());

  it("expired=1 keeps the ban to banbridge's end; expired=0 withdraws the claim and lifts it", async () => {
    const ip = '185.220.101.47';
    // banbridge's history of this address makes its ban 2 h where fail2ban asks for 60 s.
    await t.service.store.bans.saveOffences([
      { key: ip, count: 1, last_ban_at: Date.now() - 60_000, last_duration_ms: 3_600_000 },
    ]);
    const ban = await post('/v1/fail2ban/ban', { ip, jail: 'sshd', host: 'web01', bantime: '60' });
    expect(ban.status).toBe(202);
    const end = (await t.service.store.bans.get(ip))?.expires_at ?? 0;
    expect(end - Date.now()).toBeGreaterThan(7_000_000);

    const over = await post('/v1/fail2ban/unban', {
      ip,
      jail: 'sshd',
      host: 'web01',
      expired: '1',
    });
    expect(over.status).toBe(200);
    expect(over.body).toMatchObject({
      ip,
      outcome: 'kept',
      lifted: false,
      keptUntil: new Date(end).toISOString(),
      remaining: ['web01/sshd@web01'],
    });
    expect(await t.service.store.bans.get(ip)).toMatchObject({ active: 1, expires_at: end });
    const audit = await t.service.store.audit.forKey(ip, 5);
    expect(audit[0]).toMatchObject({ action: 'unban', outcome: 'kept' });

    const byHand = await post('/v1/fail2ban/unban', {
      ip,
      jail: 'sshd',
      host: 'web01',
      expired: '0',
    });
    expect(byHand.body).toMatchObject({ outcome: 'lifted', lifted: true });
    expect(await t.service.store.bans.get(ip)).toMatchObject({ active: 0 });
    // An older action without the field: withdrawn, as before.
    const again = await post('/v1/fail2ban/unban', { ip, jail: 'sshd', host: 'web01' });
    expect(again.body).toMatchObject({ outcome: 'not_claimed' });
  });
});
