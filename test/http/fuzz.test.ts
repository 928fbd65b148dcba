import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  basic,
  GRAYLOG_TOKEN,
  REPORTER,
  startTestService,
  type TestService,
} from '../helpers/service.js';

/** Deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SEED = 20261130;
const rand = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const int = (n: number) => Math.floor(rand() * n);

const ALPHABET = '0123456789abcdefABCDEF.:/%[]x- \t\n\u0000\u00ff\u0663\uff10';
function randomIpText(): string {
  const seeds = [
    '45.155.205.233',
    '2a01:4f8:c17:1::1',
    '::ffff:45.1.2.3',
    '185.220.101.0/24',
    '1.2.3.4',
    'fe80::1',
  ];
  let text = pick(seeds);
  for (let i = int(4); i > 0; i--) {
    const at = int(text.length + 1);
    const op = int(3);
    if (op === 0) text = text.slice(0, at) + pick([...ALPHABET]) + text.slice(at);
    else if (op === 1) text = text.slice(0, at) + text.slice(at + 1);
    else
      text =
        text.slice(0, at) + pick(['0', '00', '.', ':', '::', '/', '%eth0', '999']) + text.slice(at);
  }
  return text;
}
function randomBytes(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(int(256));
  return s;
}
function randomJsonValue(depth = 0): unknown {
  switch (int(depth > 2 ? 5 : 7)) {
    case 0:
      return null;
    case 1:
      return rand() * 1e6 - 5e5;
    case 2:
      return randomIpText();
    case 3:
      return rand() < 0.5;
    case 4:
      return randomBytes(int(20));
    case 5:
      return Array.from({ length: int(4) }, () => randomJsonValue(depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: int(5) }, () => [
          pick([
            'ip',
            'event',
            'fields',
            'backlog',
            'jail',
            'reason',
            'duration',
            'x',
            '__proto__',
            'constructor',
          ]),
          randomJsonValue(depth + 1),
        ]),
      );
  }
}

/** Malformed on purpose: these must be refused with 4xx and change nothing. */
function malformedCase(): {
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string;
} {
  const path = pick(['/v1/bans', '/v1/graylog', '/v1/fail2ban/ban', '/v1/fail2ban/unban']);
  const auth = pick([basic(REPORTER), `Bearer ${GRAYLOG_TOKEN}`, `Bearer ${ADMIN_TOKEN}`]);
  const kind = int(6);
  const json = { authorization: auth, 'content-type': 'application/json' };
  switch (kind) {
    case 0:
      return { path, method: 'POST', headers: json, body: `{${randomBytes(int(50))}` };
    case 1:
      return {
        path,
        method: 'POST',
        headers: {
          authorization: auth,
          'content-type': pick([
            'text/html',
            'application/xml',
            'image/png',
            'multipart/form-data; boundary=x',
          ]),
        },
        body: randomBytes(40),
      };
    case 2:
      return {
        path,
        method: 'POST',
        headers: json,
        body: JSON.stringify(pick([[], 1, 'x', null, true])),
      };
    case 3:
      return {
        path,
        method: 'POST',
        headers: { ...json, 'content-length': 'x' },
        body: '{"ip":"45.1.2.3"}',
      };
    case 4:
      return {
        path: path === '/v1/graylog' ? '/v1/bans' : path,
        method: 'POST',
        headers: json,
        body: JSON.stringify({ ip: 45, jail: 1 }),
      };
    default:
      return {
        path,
        method: 'POST',
        headers: json,
        body: JSON.stringify(Object.fromEntries([[`x${int(100)}`, randomJsonValue()]])),
      };
  }
}

function send(
  base: string,
  c: { path: string; method: string; headers: Record<string, string>; body: string },
): Promise<number> {
  const url = new URL(c.path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: c.method, headers: c.headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(Buffer.from(c.body, 'latin1'));
  });
}

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ policy: { max_new_bans_per_minute: 100_000 } });
});
afterAll(async () => {
  await svc.close();
});

describe(`fuzz (seed ${SEED})`, () => {
  it('2,000 malformed bodies and headers: never 5xx, always 4xx, store unchanged', async () => {
    const before =
      JSON.stringify(await svc.service.store.bans.counts()) +
      (await svc.service.store.audit.forKey('45.1.2.3', 10)).length;
    const statuses = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const c = malformedCase();
      const status = await send(svc.url, c);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      expect(status, JSON.stringify(c).slice(0, 300)).toBeGreaterThanOrEqual(400);
      expect(status, JSON.stringify(c).slice(0, 300)).toBeLessThan(500);
    }
    const after =
      JSON.stringify(await svc.service.store.bans.counts()) +
      (await svc.service.store.audit.forKey('45.1.2.3', 10)).length;
    expect(after).toBe(before);
    expect((await svc.request('GET', '/healthz')).status).toBe(200);
  }, 120_000);

  it('500 garbage credentials: 401 then 429, never 5xx, nothing stored', async () => {
    const isolated = await startTestService();
    try {
      for (let i = 0; i < 500; i++) {
        const authorization = pick([
          `Basic ${Buffer.from(randomBytes(int(30)), 'latin1').toString('base64')}`,
          'Bearer',
          `Bearer ${randomBytes(20).replace(/[^\x21-\x7e]/g, 'a')}`,
          'Digest x',
          randomBytes(12).replace(/[^\x21-\x7e]/g, 'a'),
        ]);
        const status = await send(isolated.url, {
          path: '/v1/bans',
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: '{"ip":"45.1.2.3"}',
        });
        expect([401, 429]).toContain(status);
      }
      expect((await isolated.service.store.bans.counts()).total).toBe(0);
    } finally {
      await isolated.close();
    }
  }, 60_000);

  it('2,000 mutated IP strings: never 5xx; every accepted one is a canonical public key', async () => {
    for (let i = 0; i < 2000; i++) {
      const ip = randomIpText();
      const res = await svc.request('POST', '/v1/bans', { auth: basic(REPORTER), body: { ip } });
      expect(res.status, ip).toBeLessThan(500);
      if (res.status === 202) {
        const d = res.body.decisions[0];
        expect(d.outcome).toBe('accepted');
        expect(d.key).toMatch(/^(\d{1,3}(\.\d{1,3}){3}(\/\d+)?|[0-9a-f:]+\/\d+)$/);
      } else if (res.status === 200) {
        expect(res.body.decisions[0].outcome).toBe('rejected');
      } else {
        expect(res.body.code).toBe('IP_INVALID');
      }
    }
    expect((await svc.request('GET', '/healthz')).status).toBe(200);
  }, 120_000);

  it('1,000 random JSON documents to every report endpoint: never 5xx', async () => {
    for (let i = 0; i < 1000; i++) {
      const path = pick(['/v1/bans', '/v1/graylog', '/v1/fail2ban/ban', '/v1/fail2ban/unban']);
      const res = await svc.request('POST', path, {
        auth: `Bearer ${GRAYLOG_TOKEN}`,
        raw: JSON.stringify(randomJsonValue()),
      });
      expect(res.status, path).toBeLessThan(500);
    }
    expect((await svc.request('GET', '/healthz')).status).toBe(200);
  }, 120_000);
});
