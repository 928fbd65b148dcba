import { request as httpsRequest } from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSelfSignedCert } from '../../src/sim/self-signed-cert.js';
import { CONTENT_SECURITY_POLICY } from '../../src/http/ui/security-headers.js';
import { banRow } from '../helpers/ban-row.js';
import { SEEDED, seedAddresses } from '../helpers/seed-addresses.js';
import {
  ADMIN_TOKEN,
  basic,
  GRAYLOG_TOKEN,
  REPORTER,
  REPORTER2,
  startTestService,
  type TestService,
} from '../helpers/service.js';
import { waitFor } from '../helpers/daemons.js';
import { testDriver } from '../helpers/test-store.js';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
  await seedAddresses(svc.url);
});
afterAll(async () => {
  await svc.close();
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function signIn(name: string, password: string, next = '/ui/') {
  const res = await fetch(`${svc.url}/ui/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: FORM,
    body: new URLSearchParams({ name, password, next }),
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { res, setCookie, cookie: setCookie.split(';')[0] ?? '' };
}

async function get(path: string, cookie: string) {
  const res = await fetch(`${svc.url}${path}`, { headers: { cookie }, redirect: 'manual' });
  return { res, text: await res.text() };
}

const csrfIn = (page: string) => /name="_csrf"\s+value="([^"]+)"/.exec(page)?.[1] ?? '';

async function post(path: string, cookie: string, form: Record<string, string>) {
  return fetch(`${svc.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...FORM, cookie },
    body: new URLSearchParams(form),
  });
}

describe('console over HTTP', () => {
  it('runs on the store driver of its vitest project', () => {
    expect(svc.service.store.kind).toBe(testDriver());
  });

  it('/ leads to /ui/, which asks for sign-in and returns to the page asked for', async () => {
    const root = await fetch(`${svc.url}/`, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/ui/']);
    const bans = await get('/ui/bans?family=4', '');
    expect(bans.res.status).toBe(303);
    expect(bans.res.headers.get('location')).toBe('/ui/login?next=%2Fui%2Fbans%3Ffamily%3D4');
    const { res } = await signIn('admin', ADMIN_TOKEN, '/ui/bans?family=4');
    expect(res.headers.get('location')).toBe('/ui/bans?family=4');
    const away = await signIn('admin', ADMIN_TOKEN, '//evil.example/ui/');
    expect(away.res.headers.get('location')).toBe('/ui/');
  });

  it('sets an HttpOnly, SameSite=Strict session cookie scoped to /ui that expires', async () => {
    const { res, setCookie } = await signIn(REPORTER.name, REPORTER.password);
    expect(res.status).toBe(303);
    expect(setCookie).toMatch(/^banbridge_session=[\w-]{43}; Max-Age=43200; Path=\/ui; Expires=/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain('Secure');
  });

  it('every page: strict CSP, no inline script, style or handler, and no secret', async () => {
    const { cookie } = await signIn('admin', ADMIN_TOKEN);
    const paths = [
      '/ui/',
      `/ui/?ip=${SEEDED.banned}`,
      `/ui/?ip=${SEEDED.refused}`,
      `/ui/unban?ip=${SEEDED.banned}`,
      '/ui/bans',
      '/ui/routers',
      '/ui/activity',
      '/ui/login',
      '/ui/no-such-page',
    ];
    for (const path of paths) {
      const { res, text } = await get(path, cookie);
      expect(res.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      // Attacker text is escaped, so every `<` left in the page starts one of our own tags.
      const tags = text.match(/<[a-z][^>]*>/gi) ?? [];
      expect(tags.filter((t) => /^<script/i.test(t))).toEqual([
        '<script src="/ui/assets/console.js" defer>',
      ]);
      expect(tags.filter((t) => /^<style|\sstyle=|\son[a-z]+=|javascript:/i.test(t))).toEqual([]);
      for (const secret of [ADMIN_TOKEN, GRAYLOG_TOKEN, REPORTER.password, cookie.split('=')[1]]) {
        expect(text, path).not.toContain(secret);
      }
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });

  it('admin bans and syncs from the console; each change is recorded under the user', async () => {
    const { cookie } = await signIn('admin', ADMIN_TOKEN);
    const page = await get('/ui/?ip=185.220.101.47', cookie);
    const csrf = csrfIn(page.text);
    const ban = await post('/ui/ban', cookie, {
      ip: '185.220.101.47',
      reason: 'seen probing',
      duration: '2h',
      _csrf: csrf,
    });
    expect(ban.status).toBe(303);
    const row = await svc.service.store.bans.get('185.220.101.47');
    expect(row).toMatchObject({ active: 1, reason: 'seen probing' });
    expect((row?.expires_at ?? 0) - (row?.banned_at ?? 0)).toBe(2 * 3600_000);
    const claims = await svc.service.store.bans.claims('185.220.101.47');
    expect(claims.map((c) => c.credential)).toEqual(['admin']);
    const refused = await post('/ui/ban', cookie, { ip: '192.0.2.5', _csrf: csrf });
    expect(refused.status).toBe(303);
    expect((await get(refused.headers.get('location') ?? '', cookie)).text).toContain(
      'IP_RESERVED',
    );
    // After the first reconciles, so that the one answering is the one asked for.
    await waitFor(
      'the first reconciles',
      () => svc.service.pool.status().every((s) => s.lastSync !== null),
      10_000,
    );
    const sync = await post('/ui/sync', cookie, { _csrf: csrf });
    expect([sync.status, sync.headers.get('location')]).toEqual([303, '/ui/routers?done=sync']);
    const names = svc.service.pipeline.routers;
    expect(names.length).toBeGreaterThan(0);
    // Each router's driving instance (this one) reconciles and answers; the page shows it.
    const answered = await waitFor(
      'the sync requests answered',
      async () => {
        const latest = await svc.service.store.syncRequests.latest(names);
        const rows = names.map((name) => latest.get(name));
        return rows.every((r) => r?.answered_at != null) && rows;
      },
      10_000,
    );
    for (const row of answered) {
      expect(row).toMatchObject({ requested_by: 'console:admin', error_code: null });
      expect(JSON.parse(row?.summary ?? '{}')).toMatchObject({ reason: 'requested' });
    }
    const routersPage = (await get('/ui/routers?done=sync', cookie)).text;
    expect(routersPage).toContain('each router shows the answer below');
    expect(routersPage).toMatch(/data-state="done"[\s\S]*console:admin[\s\S]*answered by/);
    const unknown = await post('/ui/sync', cookie, { router: 'nope', _csrf: csrf });
    expect(unknown.status).toBe(404);
  });

  it('pages the ban list on the server, keeping the filters', async () => {
    const store = svc.service.store;
    const now = Date.now();
    await store.transaction(async () => {
      for (let i = 0; i < 55; i++) {
        const key = `46.1.0.${String(i + 100)}`;
        await store.bans.save(banRow(key, now, { reason: 'bulk' }));
        await store.bans.claim(key, 'api', 'admin', now);
      }
    });
    const { cookie } = await signIn('admin', ADMIN_TOKEN);
    const rowsOf = (page: string) =>
      [...page.matchAll(/<a href="\/ui\/\?ip=(46\.1\.0\.\d+)"/g)].map((m) => m[1]);
    const first = await get('/ui/bans?text=46.1.&family=4', cookie);
    expect(first.text.replace(/\s+/g, ' ')).toContain('55 active ban(s) match');
    expect(rowsOf(first.text)).toHaveLength(50);
    const next = /id="next-page"\s+href="([^"]+)"/.exec(first.text)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBe('/ui/bans?family=4&text=46.1.&after=46.1.0.149');
    const second = await get(next ?? '', cookie);
    expect(rowsOf(second.text)).toEqual([
      '46.1.0.150',
      '46.1.0.151',
      '46.1.0.152',
      '46.1.0.153',
      '46.1.0.154',
    ]);
    expect(second.text).not.toContain('id="next-page"');
  });

  it('signing out ends the session', async () => {
    const { cookie } = await signIn(REPORTER2.name, REPORTER2.password);
    const page = await get('/ui/', cookie);
    expect(page.res.status).toBe(200);
    const out = await post('/ui/logout', cookie, { _csrf: csrfIn(page.text) });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^banbridge_session=; Max-Age=0;/);
    expect((await get('/ui/', cookie)).res.status).toBe(303);
  });

  it('the sign-in form, read before anyone is authenticated, is refused beyond 8 KB', async () => {
    // Everything the form holds fits: a long name and return path still sign in.
    expect(
      (await signIn(REPORTER.name, REPORTER.password, `/ui/?q=${'x'.repeat(2000)}`)).res.status,
    ).toBe(303);
    const big = await fetch(`${svc.url}/ui/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: FORM,
      body: new URLSearchParams({ name: 'a', password: 'b', pad: 'x'.repeat(9000) }),
    });
    expect(big.status).toBe(413);
  });

  it('failed sign-ins share the API throttle (per client address and user name)', async () => {
    for (let i = 0; i < 10; i++) {
      const { res } = await signIn(REPORTER2.name, `wrong-${i}`);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBeNull();
      expect(await res.text()).toContain('the credentials are not valid');
    }
    const locked = await signIn(REPORTER2.name, 'wrong-again');
    expect(locked.res.status).toBe(429);
    expect(Number(locked.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.res.text()).toContain('too many failed authentications');
    // The API sees the same count for this user from this address …
    const api = await svc.request('GET', '/v1/status', {
      auth: basic({ name: REPORTER2.name, password: 'wrong' }),
    });
    expect(api.status).toBe(429);
    // … and other users are not locked out.
    expect((await signIn(REPORTER.name, REPORTER.password)).res.status).toBe(303);
  });
});

describe('console over TLS', () => {
  it('marks the session cookie Secure', async () => {
    const cert = await makeSelfSignedCert('banbridge-console-test');
    const dir = mkdtempSync(join(tmpdir(), 'banbridge-console-tls-'));
    writeFileSync(join(dir, 'cert.pem'), cert.cert);
    writeFileSync(join(dir, 'key.pem'), cert.key);
    const secure = await startTestService({
      listen: {
        host: '127.0.0.1',
        port: 0,
        tls: { cert_file: join(dir, 'cert.pem'), key_file: join(dir, 'key.pem') },
      },
    });
    try {
      const setCookie = await new Promise<string>((resolve, reject) => {
        const req = httpsRequest(
          `${secure.url}/ui/login`,
          { method: 'POST', ca: cert.cert, headers: FORM },
          (res) => {
            res.resume();
            resolve(String(res.headers['set-cookie']?.[0] ?? ''));
          },
        );
        req.on('error', reject);
        req.end(new URLSearchParams({ name: 'admin', password: ADMIN_TOKEN }).toString());
      });
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toContain('HttpOnly');
    } finally {
      await secure.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
