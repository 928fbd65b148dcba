import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterSim } from '../../src/sim/router-sim.js';
import { GRAYLOG_TOKEN, startTestService, type TestService } from '../helpers/service.js';
import { addresses, FAST_WORKER, routerConfig, startSim, waitFor } from '../worker/sim-helpers.js';

const fixtures = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'graylog',
  'notifications',
);
/** A fixture body with its documentation-range attacker replaced by an ordinary public address. */
const body = (name: string, from: string, to: string) =>
  readFileSync(join(fixtures, name), 'utf8').replaceAll(from, to);
const url = `/v1/graylog?token=${GRAYLOG_TOKEN}`;

let sim: RouterSim;
let svc: TestService;
beforeAll(async () => {
  sim = await startSim();
  svc = await startTestService({
    routers: [routerConfig('edge1', sim)],
    worker: FAST_WORKER,
    sources: {
      graylog: {
        overrides: [
          { match: 'banbridge: MikroTik login failures', report_only: true },
          { match: 'SSH failed password', ban_time: '7d' },
        ],
      },
    },
  });
});
afterAll(async () => {
  await svc.close();
  await sim.stop();
});

describe('POST /v1/graylog end to end', () => {
  it('a 7.x v1 notification lands its attacker in the router list, with the evidence audited', async () => {
    const res = await svc.request('POST', url, {
      raw: body('v70-filter-sshd-with-backlog.json', '203.0.113.9', '176.111.174.26'),
    });
    expect(res.status).toBe(202);
    expect(res.body.decisions).toEqual([
      expect.objectContaining({ ip: '176.111.174.26', outcome: 'accepted' }),
    ]);
    await waitFor('entry on the router', () => addresses(sim).includes('176.111.174.26'));
    const one = await svc.request('GET', '/v1/bans/176.111.174.26', {
      auth: `Bearer ${GRAYLOG_TOKEN}`,
    });
    const audit = one.body.history[0];
    expect(audit).toMatchObject({
      detector: 'graylog',
      credential: 'graylog',
      outcome: 'accepted',
    });
    expect(audit.detail).toHaveProperty('event_definition_id');
    expect(audit.evidence).toContain('176.111.174.26');
  });

  it('a NUL in the backlog or the title is stored as U+FFFD: the report is accepted on either driver', async () => {
    // PostgreSQL refuses U+0000 in text (22021): without the replacement every report
    // carrying one was a retryable 503, and the address was never banned.
    const notification = JSON.parse(
      body('v70-filter-sshd-with-backlog.json', '203.0.113.9', '176.111.174.41'),
    ) as { event_definition_title: string; backlog: { message: string }[] };
    notification.event_definition_title = 'ssh\u0000title';
    for (const m of notification.backlog) m.message = `${m.message} user a\u0000b`;
    const res = await svc.request('POST', url, { raw: JSON.stringify(notification) });
    expect(res.status).toBe(202);
    expect(res.body.decisions).toEqual([
      expect.objectContaining({ ip: '176.111.174.41', outcome: 'accepted' }),
    ]);
    const one = await svc.request('GET', '/v1/bans/176.111.174.41', {
      auth: `Bearer ${GRAYLOG_TOKEN}`,
    });
    expect(one.body.ban.reason).toBe('Graylog: ssh\uFFFDtitle');
    expect(one.body.history[0].evidence).toContain('user a\uFFFDb');
  });

  it('a huge event definition title is clipped: stored, logged and answered at 200 characters', async () => {
    const notification = JSON.parse(
      body('v70-filter-sshd-with-backlog.json', '203.0.113.9', '176.111.174.40'),
    ) as { event_definition_title: string; event: { fields: Record<string, string> } };
    const long = `T${'x'.repeat(150_000)}`;
    notification.event_definition_title = long;
    const res = await svc.request('POST', url, { raw: JSON.stringify(notification) });
    expect(res.status).toBe(202);
    expect(res.body.event_definition).toBe(long.slice(0, 200));
    const one = await svc.request('GET', '/v1/bans/176.111.174.40', {
      auth: `Bearer ${GRAYLOG_TOKEN}`,
    });
    expect(one.body.history[0].via).toBe(long.slice(0, 200));
    expect(one.body.ban.reason.length).toBeLessThanOrEqual(200);
    const lines = svc.log.lines.filter((l) => JSON.stringify(l).includes('176.111.174.40'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.stringify(line).length).toBeLessThan(5000);
  });

  it("Graylog's default v2 template body (trailing comma) is accepted, with the per-definition ban_time", async () => {
    const res = await svc.request('POST', url, {
      raw: body('v2-default-template-with-backlog.txt', '203.0.113.9', '45.95.147.236'),
    });
    expect(res.status).toBe(202);
    const expires = Date.parse(res.body.decisions[0].expires_at);
    expect(expires - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    await waitFor('entry on the router', () => addresses(sim).includes('45.95.147.236'));
  });

  it('documentation-range attackers in the real fixtures are refused as reserved, nothing banned', async () => {
    const res = await svc.request('POST', url, {
      raw: readFileSync(join(fixtures, 'v40-filter-event-field-spec.json'), 'utf8'),
    });
    expect(res.status).toBe(200);
    expect(res.body.decisions[0]).toMatchObject({ outcome: 'rejected', code: 'IP_RESERVED' });
  });

  it('report-only event definitions are recorded, not banned', async () => {
    const res = await svc.request('POST', url, {
      raw: body('v63-aggregation-conditions-mikrotik.json', '203.0.113.77', '80.94.95.115'),
    });
    expect(res.status).toBe(200);
    expect(res.body.decisions[0]).toMatchObject({ outcome: 'recorded' });
    expect(await svc.service.store.bans.get('80.94.95.115')).toBeUndefined();
  });

  it('test notifications answer 200, ban nothing and are logged', async () => {
    for (const name of [
      'v41-test-notification.json',
      'v2-recommended-template-test-notification.json',
    ]) {
      const before = (await svc.service.store.bans.counts()).total;
      const res = await svc.request('POST', url, {
        raw: readFileSync(join(fixtures, name), 'utf8'),
      });
      expect(res.status, name).toBe(200);
      expect(res.body.test).toBe(true);
      expect((await svc.service.store.bans.counts()).total).toBe(before);
    }
    expect(
      svc.log.lines.some((l) => l.message.startsWith('Graylog test notification received')),
    ).toBe(true);
  });

  it('a test notification with a huge message logs a bounded line', async () => {
    const notification = JSON.parse(
      readFileSync(join(fixtures, 'v41-test-notification.json'), 'utf8'),
    ) as { event: Record<string, unknown> };
    notification.event.message = 'm'.repeat(120_000);
    notification.event.origin_context = 'o'.repeat(120_000);
    const res = await svc.request('POST', url, { raw: JSON.stringify(notification) });
    expect(res.status).toBe(200);
    expect(res.body.test).toBe(true);
    const line = svc.log.lines
      .filter((l) => l.message.startsWith('Graylog test notification received'))
      .at(-1);
    expect(line?.meta?.message).toBe(`${'m'.repeat(300)}…`);
    expect(JSON.stringify(line).length).toBeLessThan(4_000);
  });

  it('a body that is not a Graylog notification is 400 GRAYLOG_BODY_INVALID', async () => {
    const res = await svc.request('POST', url, { body: { hello: 'world' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('GRAYLOG_BODY_INVALID');
    const broken = await svc.request('POST', url, { raw: '{"event": ' });
    expect(broken.status).toBe(400);
  });

  it('accepts application/json with a charset', async () => {
    const res = await svc.request('POST', url, {
      raw: body('v70-filter-sshd-with-backlog.json', '203.0.113.9', '176.111.174.27'),
      type: 'application/json; charset=UTF-8',
    });
    expect(res.status).toBe(202);
  });
});

describe('store unavailable', () => {
  it('answers 503 STORE_UNAVAILABLE (Graylog ≥ 7.0 retries 5xx)', async () => {
    const own = await startTestService();
    try {
      own.service.store.close();
      const res = await own.request('POST', url, {
        raw: body('v70-filter-sshd-with-backlog.json', '203.0.113.9', '176.111.174.28'),
      });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
      expect((await own.request('GET', '/readyz')).status).toBe(503);
    } finally {
      await own.close();
    }
  });
});
