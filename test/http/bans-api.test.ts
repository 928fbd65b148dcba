import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  basic,
  REPORTER,
  REPORTER2,
  startTestService,
  type TestService,
} from '../helpers/service.js';

let svc: TestService;
const rep = basic(REPORTER);
const rep2 = basic(REPORTER2);
const admin = `Bearer ${ADMIN_TOKEN}`;

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc.close();
});

describe('POST /v1/bans', () => {
  it('accepts a public address with 202 and lists it', async () => {
    const res = await svc.request('POST', '/v1/bans', {
      auth: rep,
      body: { ip: '45.155.205.233', reason: 'ssh brute force' },
    });
    expect(res.status).toBe(202);
    expect(res.body.decisions).toHaveLength(1);
    expect(res.body.decisions[0]).toMatchObject({
      ip: '45.155.205.233',
      outcome: 'accepted',
      key: '45.155.205.233',
      new: true,
    });
    expect(Date.parse(res.body.decisions[0].expires_at)).toBeGreaterThan(
      Date.now() + 23 * 3600_000,
    );

    const list = await svc.request('GET', '/v1/bans', { auth: rep });
    expect(list.status).toBe(200);
    expect(list.body.bans.map((b: { key: string }) => b.key)).toContain('45.155.205.233');
    const one = await svc.request('GET', '/v1/bans/45.155.205.233', { auth: rep });
    expect(one.body.ban).toMatchObject({
      key: '45.155.205.233',
      active: true,
      sources: ['web01'],
      reason: 'ssh brute force',
    });
    expect(one.body.history[0]).toMatchObject({
      action: 'report',
      outcome: 'accepted',
      credential: 'web01',
    });
  });

  it.each([
    ['10.1.2.3', 'IP_RESERVED'],
    ['192.0.2.1', 'IP_RESERVED'],
    ['2001:db8::1', 'IP_RESERVED'],
    ['198.51.100.7', 'IP_RESERVED'],
    ['81.2.69.170', 'IP_ALLOWLISTED'],
    ['81.2.69.0/24', 'IP_ALLOWLISTED'],
    ['81.3.0.0/16', 'IP_TOO_WIDE'],
  ])('refuses %s with %s and bans nothing', async (ip, code) => {
    const res = await svc.request('POST', '/v1/bans', { auth: rep, body: { ip } });
    expect(res.status).toBe(200);
    expect(res.body.decisions[0]).toMatchObject({ ip, outcome: 'rejected', code });
    // Not banned, but the lookup shows the refused report and the policy's reason.
    const one = await svc.request('GET', `/v1/bans/${encodeURIComponent(ip)}`, { auth: rep });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      state: 'never-banned',
      ban: null,
      judgement: { ok: false, code },
    });
    expect(one.body.refusals[0]).toMatchObject({
      ip,
      code,
      outcome: 'rejected',
      credential: 'web01',
    });
    expect(one.body.judgement.message).toContain(
      code === 'IP_TOO_WIDE' ? 'wider than' : ip.split('/')[0],
    );
  });

  it('answers 404 for an address nobody ever reported', async () => {
    const res = await svc.request('GET', '/v1/bans/45.155.205.99', { auth: rep });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      code: 'NOT_FOUND',
      detail: '45.155.205.99 was never reported',
    });
  });

  it('answers 400 IP_INVALID for non-canonical text and stores nothing', async () => {
    const before = (await svc.service.store.bans.counts()).total;
    for (const ip of [
      '010.1.1.1',
      '1.2.3',
      '0x7f.0.0.1',
      'fe80::1%eth0',
      ' 45.1.2.3',
      '45.1.2.3\n',
    ]) {
      const res = await svc.request('POST', '/v1/bans', { auth: rep, body: { ip } });
      expect(res.status, ip).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'IP_INVALID', field: 'ip' });
    }
    expect((await svc.service.store.bans.counts()).total).toBe(before);
  });

  it('never echoes a credential typed into the path (a `?` written as `&`)', async () => {
    const secret = 'AdmTokSecretQQQQ2222rrrrSSSS';
    for (const method of ['GET', 'DELETE'] as const) {
      const res = await svc.request(method, `/v1/bans/45.1.2.3&token=${secret}`, { auth: admin });
      expect(res.status, method).toBe(400);
      expect(res.body).toMatchObject({ code: 'IP_INVALID', field: 'ip' });
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(secret);
      expect(text).toContain('45.1.2.3&token=***');
      expect(text).toContain('it has characters no IP address has');
    }
  });

  it('validates the body: unknown field, missing ip, bad duration', async () => {
    const unknown = await svc.request('POST', '/v1/bans', {
      auth: rep,
      body: { ip: '45.1.2.3', dur: '1h' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'dur' });
    const missing = await svc.request('POST', '/v1/bans', { auth: rep, body: { reason: 'x' } });
    expect(missing.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'ip' });
    const duration = await svc.request('POST', '/v1/bans', {
      auth: rep,
      body: { ip: '45.1.2.3', duration: '1 fortnight' },
    });
    expect(duration.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'duration' });
  });

  it('maps transport errors to problem codes: 400, 415, 413, 404, 405', async () => {
    const malformed = await svc.request('POST', '/v1/bans', {
      auth: rep,
      raw: '{"ip": "45.1.2.3"',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('BAD_REQUEST');
    const type = await svc.request('POST', '/v1/bans', {
      auth: rep,
      raw: 'ip=45.1.2.3',
      type: 'text/plain',
    });
    expect(type.status).toBe(415);
    expect(type.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await svc.request('POST', '/v1/bans', {
      auth: rep,
      raw: JSON.stringify({ ip: '45.1.2.3', reason: 'x'.repeat(300_000) }),
    });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const unknown = await svc.request('GET', '/v1/nothing', { auth: rep });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    const method = await svc.request('PUT', '/v1/bans', { auth: rep, body: {} });
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toContain('POST');
    expect(method.body.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('never shortens an active ban, and lengthens it', async () => {
    const first = await svc.request('POST', '/v1/bans', {
      auth: rep,
      body: { ip: '185.220.101.4', duration: '2h' },
    });
    const shorter = await svc.request('POST', '/v1/bans', {
      auth: rep2,
      body: { ip: '185.220.101.4', duration: '1h' },
    });
    expect(shorter.body.decisions[0]).toMatchObject({
      outcome: 'accepted',
      new: false,
      extended: false,
    });
    expect(shorter.body.decisions[0].expires_at).toBe(first.body.decisions[0].expires_at);
    const longer = await svc.request('POST', '/v1/bans', {
      auth: rep2,
      body: { ip: '185.220.101.4', duration: '10h' },
    });
    expect(longer.body.decisions[0]).toMatchObject({ extended: true });
    expect(Date.parse(longer.body.decisions[0].expires_at)).toBeGreaterThan(
      Date.parse(first.body.decisions[0].expires_at),
    );
  });

  it('lets a reporter remove only what it reported; the ban stays while another source claims it', async () => {
    await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: '91.240.118.172' } });
    const foreign = await svc.request('DELETE', '/v1/bans/91.240.118.172', { auth: rep2 });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('FORBIDDEN');
    await svc.request('POST', '/v1/bans', { auth: rep2, body: { ip: '91.240.118.172' } });
    const released = await svc.request('DELETE', '/v1/bans/91.240.118.172', { auth: rep });
    expect(released.body).toMatchObject({ lifted: false, remaining: ['web02'] });
    const lifted = await svc.request('DELETE', '/v1/bans/91.240.118.172', { auth: rep2 });
    expect(lifted.body).toMatchObject({ lifted: true });
    const gone = await svc.request('DELETE', '/v1/bans/91.240.118.172', { auth: rep2 });
    expect(gone.status).toBe(404);
  });

  it('lets an admin lift any ban, CIDR keys included', async () => {
    await svc.request('POST', '/v1/bans', { auth: rep, body: { ip: '146.70.0.0/24' } });
    const res = await svc.request('DELETE', `/v1/bans/${encodeURIComponent('146.70.0.0/24')}`, {
      auth: admin,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ key: '146.70.0.0/24', lifted: true });
  });

  it('bans IPv6 by the configured prefix', async () => {
    const res = await svc.request('POST', '/v1/bans', {
      auth: rep,
      body: { ip: '2a01:4f8:c17:1::1' },
    });
    expect(res.body.decisions[0]).toMatchObject({
      outcome: 'accepted',
      key: '2a01:4f8:c17:1::/64',
    });
    const again = await svc.request('POST', '/v1/bans', {
      auth: rep,
      body: { ip: '2A01:4F8:C17:1:ffff::9' },
    });
    expect(again.body.decisions[0]).toMatchObject({ key: '2a01:4f8:c17:1::/64', new: false });
  });

  it('paginates GET /v1/bans with a cursor and filters', async () => {
    for (const ip of ['62.210.1.1', '62.210.1.2', '62.210.1.3']) {
      await svc.request('POST', '/v1/bans', { auth: rep, body: { ip } });
    }
    const page1 = await svc.request('GET', '/v1/bans?prefix=62.210.&limit=2', { auth: rep });
    expect(page1.body.bans).toHaveLength(2);
    expect(page1.body.next).toBe('62.210.1.2');
    const page2 = await svc.request(
      'GET',
      `/v1/bans?prefix=62.210.&limit=2&after=${page1.body.next}`,
      { auth: rep },
    );
    expect(page2.body.bans.map((b: { key: string }) => b.key)).toEqual(['62.210.1.3']);
    expect(page2.body.next).toBeNull();
    const v6 = await svc.request('GET', '/v1/bans?family=6', { auth: rep });
    expect(v6.body.bans.every((b: { family: number }) => b.family === 6)).toBe(true);
    const bad = await svc.request('GET', '/v1/bans?limit=0', { auth: rep });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('limit');
  });
});

describe('GET /v1/blocklist (pull)', () => {
  it('lists active keys as text or as a RouterOS script', async () => {
    await svc.request('POST', '/v1/bans', {
      auth: rep,
      body: { ip: '193.32.162.10', duration: '2h' },
    });
    const txt = await svc.request('GET', '/v1/blocklist', { auth: rep });
    expect(txt.status).toBe(200);
    expect(txt.headers.get('content-type')).toContain('text/plain');
    expect(String(txt.body).split('\n')).toContain('193.32.162.10');
    const v6 = await svc.request('GET', '/v1/blocklist?family=6', { auth: rep });
    expect(
      String(v6.body)
        .split('\n')
        .filter(Boolean)
        .every((k) => k.includes(':')),
    ).toBe(true);
    const rsc = await svc.request('GET', '/v1/blocklist?format=rsc', { auth: rep });
    expect(String(rsc.body)).toMatch(
      /^:do \{ \/ip firewall address-list add list="Blocked address" address=193\.32\.162\.10 timeout=1h59m\d+s comment="banbridge" \} on-error=\{\}$/m,
    );
    expect((await svc.request('GET', '/v1/blocklist?format=csv', { auth: rep })).body.field).toBe(
      'format',
    );
    const named = await svc.request('GET', '/v1/blocklist?format=rsc&list=ssh%20attackers', {
      auth: rep,
    });
    expect(String(named.body)).toContain('add list="ssh attackers" address=193.32.162.10');
    // A name that would break out of the script's quotes is refused, not replaced.
    for (const list of ['a%22%20comment=%22x', 'a%24b', '', 'x'.repeat(65)]) {
      const refused = await svc.request('GET', `/v1/blocklist?format=rsc&list=${list}`, {
        auth: rep,
      });
      expect(refused.status, list).toBe(400);
      expect(refused.body.field).toBe('list');
    }
    const twice = await svc.request('GET', '/v1/blocklist?list=a&list=b', { auth: rep });
    expect(twice.status).toBe(400);
    expect((await svc.request('GET', '/v1/blocklist')).status).toBe(401);
  });
});

describe('authentication', () => {
  it('answers 401 with WWW-Authenticate for a wrong password and never logs it', async () => {
    const wrong = 'Wr0ng-Pa55word-XYZ';
    const res = await svc.request('POST', '/v1/bans', {
      auth: basic({ name: REPORTER.name, password: wrong }),
      body: { ip: '45.1.2.3' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Basic');
    expect(res.body.code).toBe('UNAUTHENTICATED');
    const tokenRes = await svc.request('GET', `/v1/bans?token=${wrong}`);
    expect(tokenRes.status).toBe(401);
    const good = await svc.request('GET', `/v1/bans?token=${ADMIN_TOKEN}`);
    expect(good.status).toBe(200);
    const logged = svc.log.text();
    expect(logged).not.toContain(wrong);
    expect(logged).not.toContain(ADMIN_TOKEN);
    expect(logged).not.toContain(REPORTER.password);
    expect(logged).toContain('token=***');
  });

  it('accepts Bearer and query tokens, refuses missing credentials', async () => {
    expect((await svc.request('GET', '/v1/status', { auth: admin })).status).toBe(200);
    expect((await svc.request('GET', '/v1/status')).status).toBe(401);
  });

  it('limits failed attempts per client address and user with 429, never refusing a valid token', async () => {
    const isolated = await startTestService();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        statuses.push(
          (await isolated.request('GET', '/v1/bans', { auth: 'Bearer nope-nope-nope-nope' }))
            .status,
        );
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      // wrong tokens from this address are throttled, but a valid token never is ...
      const valid = await isolated.request('GET', '/v1/bans', { auth: admin });
      expect(valid.status).toBe(200);
      // ... a user with a stale password locks out only its own wrong attempts ...
      for (let i = 0; i < 11; i++) {
        await isolated.request('GET', '/v1/bans', {
          auth: basic({ name: REPORTER2.name, password: 'stale-password' }),
        });
      }
      const stale = await isolated.request('GET', '/v1/bans', {
        auth: basic({ name: REPORTER2.name, password: 'stale-password' }),
      });
      expect(stale.status).toBe(429);
      expect(stale.body.code).toBe('AUTH_RATE_LIMITED');
      expect(Number(stale.headers.get('retry-after'))).toBeGreaterThan(0);
      // ... its correct password from this address waits out the lockout too (else the
      // throttle would tell a guesser which attempt hit) ...
      expect((await isolated.request('GET', '/v1/bans', { auth: rep2 })).status).toBe(429);
      // ... not another user behind the same address (e.g. one NAT)
      expect((await isolated.request('GET', '/v1/bans', { auth: rep })).status).toBe(200);
    } finally {
      await isolated.close();
    }
  });

  it('a password is not a token: Bearer and ?token= take tokens only', async () => {
    const isolated = await startTestService();
    try {
      expect(
        (await isolated.request('GET', '/v1/bans', { auth: `Bearer ${REPORTER.password}` })).status,
      ).toBe(401);
      expect((await isolated.request('GET', `/v1/bans?token=${REPORTER.password}`)).status).toBe(
        401,
      );
    } finally {
      await isolated.close();
    }
  });

  it('masks credential-like query parameters in the log, however they are encoded', async () => {
    const res = await svc.request('GET', `/v1/bans?%74oken=${ADMIN_TOKEN}`);
    expect(res.status).toBe(200);
    expect(svc.log.text()).not.toContain(ADMIN_TOKEN);
  });

  it('masks a secret written as a query parameter name (one no longer configured, say)', async () => {
    // The logger blanks configured secrets by value; these are not configured.
    const old = 'Rotated0ldTokenValue1234';
    const other = 'Rotated0ldTokenValue5678';
    await svc.request('GET', `/v1/bans?${old}`, { auth: admin });
    await svc.request('GET', `/v1/bans?token%3D${other}`, { auth: admin });
    expect(svc.log.text()).toContain('/v1/bans?');
    expect(svc.log.text()).not.toContain(old);
    expect(svc.log.text()).not.toContain(other);
  });

  it('a malformed %-escape in the path is a 400, not a 500', async () => {
    const res = await svc.request('GET', '/v1/bans/%E0%A4%A', { auth: admin });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BAD_REQUEST');
  });
});

describe('health', () => {
  it('answers /healthz and /readyz without credentials', async () => {
    expect((await svc.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    const ready = await svc.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.store).toBe('ok');
  });

  it('serves Prometheus metrics', async () => {
    const res = await svc.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toContain(
      'banbridge_decisions_total{source="api",outcome="accepted",code=""}',
    );
    expect(res.body).toMatch(/banbridge_active_bans\{family="4"\} \d+/);
  });
});
