/**
 * A web page of another site posting to the API through the visitor's browser (which
 * remembers Basic credentials once typed): refused by what the browser says of the request
 * (Origin, Sec-Fetch-Site), before authentication. Programs send neither header.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  basic,
  GRAYLOG_TOKEN,
  REPORTER,
  startTestService,
  type TestService,
} from '../helpers/service.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc.close();
});

/** Graylog's recommended Custom HTTP template, rendered by Graylog, for `ip`. */
const TEMPLATE = readFileSync(
  fileURLToPath(
    new URL(
      '../fixtures/graylog/notifications/v2-recommended-template-with-backlog.json',
      import.meta.url,
    ),
  ),
  'utf8',
);
const graylog = (ip: string) => TEMPLATE.replaceAll('203.0.113.66', ip);

async function post(path: string, headers: Record<string, string>, body?: string) {
  const res = await fetch(`${svc.url}${path}`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as { code?: string } };
}

it('refuses a cross-site form to the fail2ban route, a cross-origin Graylog post and a same-site sync', async () => {
  const form = {
    authorization: basic(REPORTER),
    'content-type': 'application/x-www-form-urlencoded',
  };
  const ban = 'ip=45.141.0.1&jail=sshd&host=web01&bantime=-1';
  expect(await post('/v1/fail2ban/ban', { ...form, 'sec-fetch-site': 'cross-site' }, ban)).toEqual({
    status: 403,
    body: expect.objectContaining({ code: 'FORBIDDEN' }),
  });
  const json = { authorization: `Bearer ${GRAYLOG_TOKEN}`, 'content-type': 'application/json' };
  expect(
    (await post('/v1/graylog', { ...json, origin: 'http://evil.example' }, graylog('45.141.0.2')))
      .status,
  ).toBe(403);
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  expect((await post('/v1/sync', { ...admin, 'sec-fetch-site': 'same-site' }, '{}')).status).toBe(
    403,
  );
  for (const ip of ['45.141.0.1', '45.141.0.2']) {
    expect(
      (await svc.request('GET', `/v1/bans/${ip}`, { auth: `Bearer ${ADMIN_TOKEN}` })).status,
    ).toBe(404);
  }
});

it('takes the same requests from programs, and from the browser for its own origin or a typed URL', async () => {
  const form = {
    authorization: basic(REPORTER),
    'content-type': 'application/x-www-form-urlencoded',
  };
  expect((await post('/v1/fail2ban/ban', form, 'ip=45.141.1.1&jail=sshd&host=web01')).status).toBe(
    202,
  );
  expect(
    (
      await post(
        '/v1/fail2ban/ban',
        { ...form, 'sec-fetch-site': 'none' },
        'ip=45.141.1.2&jail=sshd&host=web01',
      )
    ).status,
  ).toBe(202);
  const json = { authorization: `Bearer ${GRAYLOG_TOKEN}`, 'content-type': 'application/json' };
  expect(
    (
      await post(
        '/v1/graylog',
        { ...json, origin: svc.url, 'sec-fetch-site': 'same-origin' },
        graylog('45.141.1.3'),
      )
    ).status,
  ).toBe(202);
  // Reading is not a change: a cross-site GET is answered (the browser keeps the answer from
  // the other page).
  const status = await fetch(`${svc.url}/v1/status`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'sec-fetch-site': 'cross-site' },
  });
  expect(status.status).toBe(200);
});
