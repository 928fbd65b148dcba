import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  basic,
  REPORTER,
  startTestService,
  type TestService,
} from '../helpers/service.js';

/**
 * fail2ban restarts (an upgrade, a reboot) and announces every ban it still holds again, with
 * restored=1. That is the same ban, not a new hit: it must not lengthen a ban that runs, nor
 * bring back one an operator lifted in banbridge meanwhile.
 */
let t: TestService;
const auth = basic(REPORTER);
const admin = `Bearer ${ADMIN_TOKEN}`;
const ban = (ip: string, extra: Record<string, string> = {}) =>
  t.request('POST', '/v1/fail2ban/ban', {
    auth,
    raw: new URLSearchParams({
      ip,
      jail: 'sshd',
      host: 'web01',
      bantime: '3600',
      ...extra,
    }).toString(),
    type: 'application/x-www-form-urlencoded',
  });

beforeEach(async () => {
  t = await startTestService();
});
afterEach(() => t.close());

it('a ban lifted in banbridge stays lifted when fail2ban restores it; a new ban afterwards is banned', async () => {
  const ip = '185.220.101.61';
  expect((await ban(ip)).status).toBe(202);
  expect((await t.request('DELETE', `/v1/bans/${ip}`, { auth: admin })).status).toBe(200);

  const restored = await ban(ip, { restored: '1' });
  expect(restored.status).toBe(200);
  expect(restored.body.decisions).toEqual([
    expect.objectContaining({ outcome: 'rejected', code: 'RESTORED_AFTER_LIFT' }),
  ]);
  expect(restored.body.decisions[0].message).toContain('by admin');
  expect(await t.service.store.bans.get(ip)).toMatchObject({ active: 0, ended_by: 'admin' });

  expect((await ban(ip)).status).toBe(202);
  expect(await t.service.store.bans.get(ip)).toMatchObject({ active: 1 });
});

it('a restored ban does not lengthen the ban that runs', async () => {
  const ip = '185.220.101.62';
  expect((await ban(ip)).status).toBe(202);
  const end = (await t.service.store.bans.get(ip))?.expires_at;
  // A longer bantime than the ban has left: as a new hit it would lengthen the ban by a day
  // (bantime.increment raised it, say); restored, it changes nothing.
  const restored = await ban(ip, { restored: '1', bantime: '86400' });
  expect(restored.body.decisions).toEqual([
    expect.objectContaining({ outcome: 'accepted', new: false, extended: false }),
  ]);
  expect((await t.service.store.bans.get(ip))?.expires_at).toBe(end);
});

it('a ban that ran out in banbridge while fail2ban still holds it is brought back', async () => {
  const ip = '185.220.101.63';
  expect((await ban(ip)).status).toBe(202);
  // Ended as the expiry sweep ends a ban that ran out (end-bans.ts).
  const row = await t.service.store.bans.get(ip);
  if (row === undefined) throw new Error('no ban row');
  await t.service.store.bans.save({ ...row, active: 0, ended_at: Date.now(), ended_by: 'expiry' });
  const restored = await ban(ip, { restored: '1' });
  expect(restored.body.decisions).toEqual([
    expect.objectContaining({ outcome: 'accepted', new: true }),
  ]);
  expect(await t.service.store.bans.get(ip)).toMatchObject({ active: 1 });
});
