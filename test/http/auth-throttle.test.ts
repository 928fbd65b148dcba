import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  basic,
  GRAYLOG_TOKEN,
  REPORTER,
  startTestService,
  type TestService,
} from '../helpers/service.js';

describe('authentication throttle (issue 11, item 2)', () => {
  let t: TestService;
  beforeEach(async () => {
    t = await startTestService();
  });
  afterEach(() => t.close());

  const wrongToken = { auth: 'Bearer wrong-token-wrong-token' };

  it('requests without credentials are not counted', async () => {
    for (let i = 0; i < 25; i++) {
      const res = await t.request('GET', '/v1/bans');
      expect(res.status).toBe(401);
    }
    // The token slot of this address is still untouched: a wrong token is a plain 401.
    expect((await t.request('GET', '/v1/bans', wrongToken)).status).toBe(401);
  });

  it('a valid ?token= from Graylog is accepted while wrong tokens from its address are locked', async () => {
    for (let i = 0; i < 10; i++) await t.request('GET', '/v1/bans', wrongToken);
    expect((await t.request('GET', '/v1/bans', wrongToken)).status).toBe(429);
    const res = await t.request('POST', `/v1/bans?token=${GRAYLOG_TOKEN}`, {
      body: { ip: '45.155.205.233' },
    });
    expect(res.status).toBe(202);
    expect((await t.request('GET', '/v1/bans', { auth: `Bearer ${ADMIN_TOKEN}` })).status).toBe(
      200,
    );
  });

  it('failures count per user name: one user locked out does not lock another', async () => {
    const wrong = { auth: basic({ name: REPORTER.name, password: 'not-the-password' }) };
    for (let i = 0; i < 10; i++)
      expect((await t.request('GET', '/v1/bans', wrong)).status).toBe(401);
    expect((await t.request('GET', '/v1/bans', wrong)).status).toBe(429);
    const otherName = { auth: basic({ name: 'web02', password: 'not-the-password' }) };
    expect((await t.request('GET', '/v1/bans', otherName)).status).toBe(401);
    expect((await t.request('GET', '/v1/bans', wrongToken)).status).toBe(401);
  });

  it('a locked slot refuses its correct password from that address only; a token still passes', async () => {
    const wrong = { auth: basic({ name: REPORTER.name, password: 'not-the-password' }) };
    for (let i = 0; i < 10; i++) await t.request('GET', '/v1/bans', wrong);
    const right = basic(REPORTER);
    // Guessing from this address learns nothing: the right password is 429 like the wrong ones.
    expect((await t.request('GET', '/v1/bans', { auth: right })).status).toBe(429);
    // The same user from another client address is not locked out (loopback 127.0.0.2).
    expect(await statusFrom('127.0.0.2', t.url, '/v1/bans', right)).toBe(200);
    // A valid token for a locked name still passes (tokens are long and random).
    expect((await t.request('GET', `/v1/bans?token=${GRAYLOG_TOKEN}`)).status).toBe(200);
  });

  it('a locked slot answers the same for a configured user and an unknown name', async () => {
    const answers: string[] = [];
    for (const name of [REPORTER.name, 'nosuchuser']) {
      const wrong = { auth: basic({ name, password: 'not-the-password' }) };
      for (let i = 0; i < 10; i++) await t.request('GET', '/v1/bans', wrong);
      const locked = await t.request('GET', '/v1/bans', wrong);
      expect(locked.status).toBe(429);
      const detail = (locked.body as { detail: string }).detail;
      // The detail names neither the user nor whether it exists.
      expect(detail).not.toContain(name);
      answers.push(detail.replace(/wait \d+ s/, 'wait N s'));
    }
    expect(answers[0]).toBe(answers[1]);
  });

  it('never logs a presented user name that is no configured user (often a typed secret)', async () => {
    const typo = { auth: basic({ name: GRAYLOG_TOKEN, password: 'token' }) };
    expect((await t.request('GET', '/v1/bans', typo)).status).toBe(401);
    expect(t.log.text()).toContain('authentication failed');
    expect(t.log.text()).toContain('(not a configured user)');
    expect(t.log.text()).not.toContain(GRAYLOG_TOKEN);
  });

  it('logs failures until the slot locks, then not per attempt; never the secret', async () => {
    const wrong = { auth: basic({ name: REPORTER.name, password: 'not-the-password' }) };
    for (let i = 0; i < 30; i++) await t.request('GET', '/v1/bans', wrong);
    const failures = t.log.lines.filter((l) => l.message.startsWith('authentication failed'));
    expect(failures).toHaveLength(10);
    expect(failures.at(-1)?.message).toBe('authentication failed; throttled');
    expect(t.log.text()).not.toContain('not-the-password');
    // The 401s and 429s themselves are request-log lines at debug only.
    const requests = t.log.lines.filter((l) => l.message === 'http request');
    expect(requests.map((l) => [l.level, l.meta?.status])).toEqual([
      ...Array.from({ length: 10 }, () => ['debug', 401]),
      ...Array.from({ length: 20 }, () => ['debug', 429]),
    ]);
  });

  it('a new user name per guess is a new slot, but one address logs at most 20 lines a minute', async () => {
    for (let i = 0; i < 60; i++) {
      const guess = { auth: basic({ name: `guess${i}`, password: 'not-the-password' }) };
      expect((await t.request('GET', '/v1/bans', guess)).status).toBe(401);
    }
    const failures = t.log.lines.filter((l) => l.message.startsWith('authentication failed'));
    expect(failures).toHaveLength(20);
    expect(failures.at(-1)?.message).toBe(
      'authentication failed; further failures with unknown user names from this address go unlogged for up to a minute',
    );
    expect(failures.every((l) => l.level === 'warn')).toBe(true);
    // The budget never silences a configured user's failures from that address.
    const wrong = { auth: basic({ name: REPORTER.name, password: 'not-the-password' }) };
    expect((await t.request('GET', '/v1/bans', wrong)).status).toBe(401);
    const last = t.log.lines.filter((l) => l.message.startsWith('authentication failed')).at(-1);
    expect([last?.message, last?.meta?.user]).toEqual(['authentication failed', REPORTER.name]);
    // Another address has its own budget (loopback 127.0.0.2).
    const other = basic({ name: 'guess-other', password: 'not-the-password' });
    expect(await statusFrom('127.0.0.2', t.url, '/v1/bans', other)).toBe(401);
    expect(
      t.log.lines.filter((l) => l.message.startsWith('authentication failed')).at(-1)?.meta?.client,
    ).toBe('127.0.0.2');
  });
});

describe('token-like values in a mistyped path (issue 11, item 5)', () => {
  let t: TestService;
  beforeEach(async () => {
    t = await startTestService();
  });
  afterEach(() => t.close());

  it.each([
    `/v1/graylog&token=${GRAYLOG_TOKEN}`,
    `/v1/graylog;token=${GRAYLOG_TOKEN}`,
    `/v1/graylog&%74oken=${GRAYLOG_TOKEN}`,
    `/v1/graylog/${GRAYLOG_TOKEN}`,
  ])('%s is neither logged nor echoed', async (path) => {
    const res = await t.request('POST', path, { body: {} });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect(res.body.detail).toContain('***');
    expect(JSON.stringify(res.body)).not.toContain(GRAYLOG_TOKEN);
    expect(t.log.text()).toContain('***');
    expect(t.log.text()).not.toContain(GRAYLOG_TOKEN);
    expect(t.log.text()).not.toContain(GRAYLOG_TOKEN.slice(-16));
  });

  it('token-like query values under other names are masked in the log', async () => {
    await t.request('GET', `/v1/bans?tokn=${ADMIN_TOKEN}`);
    expect(t.log.text()).not.toContain(ADMIN_TOKEN);
  });
});

/** GET from a chosen loopback source address: another client for the throttle. */
function statusFrom(localAddress: string, base: string, path: string, auth: string) {
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest(
      new URL(path, base),
      { localAddress, headers: { authorization: auth } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
