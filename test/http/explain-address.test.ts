import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterSim } from '../../src/sim/router-sim.js';
import { SEEDED, seedAddresses } from '../helpers/seed-addresses.js';
import { ADMIN_TOKEN, startTestService, type TestService } from '../helpers/service.js';
import { addresses, FAST_WORKER, routerConfig, startSim, waitFor } from '../worker/sim-helpers.js';

let sim: RouterSim;
let svc: TestService;
const admin = `Bearer ${ADMIN_TOKEN}`;

beforeAll(async () => {
  sim = await startSim();
  svc = await startTestService({ routers: [routerConfig('edge1', sim)], worker: FAST_WORKER });
  await seedAddresses(svc.url);
  await waitFor('the ban on edge1', () => addresses(sim).includes(SEEDED.banned));
});
afterAll(async () => {
  await svc?.close();
  await sim?.stop();
});

describe('GET /v1/bans/{ip} explains an address', () => {
  it('a banned address: claims with their detectors, evidence, escalation, router state', async () => {
    // Applied by its operation (done) or by the start-up reconcile that covered it (superseded):
    // both mean the router confirmed the entry.
    await waitFor('edge1 confirmed', async () =>
      ['done', 'superseded'].includes(
        (await svc.service.store.outboxReads.latestForKey(SEEDED.banned)).get('edge1')?.state ?? '',
      ),
    );
    const res = await svc.request('GET', `/v1/bans/${SEEDED.banned}`, { auth: admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      key: SEEDED.banned,
      state: 'banned',
      judgement: { ok: true },
      offences: 1,
      ban: { active: true, sources: ['graylog', 'web01/sshd@web01.example.net'] },
    });
    expect(res.body.escalation).toMatch(/^offence 1: 1d \(requested, or policy\.ban_time 1d/);
    expect(res.body.claims).toEqual([
      expect.objectContaining({
        source: 'graylog',
        detector: 'graylog',
        via: 'SSH failed password',
        detail: expect.objectContaining({ event_definition_id: '6752f0c1a3b4c5d6e7f80911' }),
      }),
      expect.objectContaining({
        source: 'web01/sshd@web01.example.net',
        credential: 'web01',
        detector: 'fail2ban',
        via: 'sshd@web01.example.net',
        detail: expect.objectContaining({ jail: 'sshd', host: 'web01.example.net', failures: 5 }),
      }),
    ]);
    expect(res.body.evidence[0].evidence).toContain('Failed password for root from 176.111.174.26');
    expect(res.body.routers).toEqual([
      expect.objectContaining({ router: 'edge1', state: 'present', error: null }),
    ]);
    expect(Date.parse(res.body.routers[0].since)).toBeGreaterThan(0);
  });

  it('after an unban: ended, the removal per router, and the next ban escalates', async () => {
    expect((await svc.request('DELETE', `/v1/bans/${SEEDED.plain}`, { auth: admin })).status).toBe(
      200,
    );
    await waitFor('removed from edge1', () => !addresses(sim).includes(SEEDED.plain));
    const ended = await svc.request('GET', `/v1/bans/${SEEDED.plain}`, { auth: admin });
    expect(ended.body).toMatchObject({ state: 'ended', ban: { active: false, ended_by: 'admin' } });
    await waitFor(
      'removal confirmed',
      async () =>
        (await svc.service.store.outboxReads.latestForKey(SEEDED.plain)).get('edge1')?.state ===
        'done',
    );
    const after = await svc.request('GET', `/v1/bans/${SEEDED.plain}`, { auth: admin });
    expect(after.body.routers).toEqual([
      expect.objectContaining({ router: 'edge1', state: 'absent' }),
    ]);
    await svc.request('POST', '/v1/bans', { auth: admin, body: { ip: SEEDED.plain } });
    const again = await svc.request('GET', `/v1/bans/${SEEDED.plain}`, { auth: admin });
    expect(again.body.offences).toBe(2);
    expect(again.body.escalation).toMatch(/^offence 2 within \d+[wd]\S*: 2d = previous ban × 2$/);
  });

  it('an address typed with spaces or as a CIDR is looked up by its ban key', async () => {
    const res = await svc.request('GET', `/v1/bans/${encodeURIComponent(` ${SEEDED.banned} `)}`, {
      auth: admin,
    });
    expect(res.body.key).toBe(SEEDED.banned);
    const cidr = await svc.request('GET', `/v1/bans/${encodeURIComponent(`${SEEDED.banned}/32`)}`, {
      auth: admin,
    });
    expect(cidr.body).toMatchObject({ key: SEEDED.banned, state: 'banned' });
    const v6 = await svc.request('GET', `/v1/bans/${encodeURIComponent('2a06:4883:1000::2')}`, {
      auth: admin,
    });
    expect(v6.status).toBe(404);
    expect(v6.body.detail).toBe('2a06:4883:1000::/64 was never reported');
  });
});
