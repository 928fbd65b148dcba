/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The page.evaluate callbacks run in Chromium and use its DOM types.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RouterSim } from '../../src/sim/router-sim.js';
import { describeWithDaemons } from '../helpers/daemons.js';
import { HOSTILE, SEEDED, seedAddresses } from '../helpers/seed-addresses.js';
import { ADMIN_TOKEN, REPORTER, startTestService, type TestService } from '../helpers/service.js';
import { testDriver } from '../helpers/test-store.js';
import { addresses, FAST_WORKER, routerConfig, startSim, waitFor } from '../worker/sim-helpers.js';
import { openBrowser, signIn, type Browser } from './browser.js';

let sim: RouterSim;
let svc: TestService;
let browser: Browser;
/** The service's clock runs ahead by this much (session expiry without waiting). */
let skew = 0;

beforeAll(async () => {
  sim = await startSim();
  svc = await startTestService(
    { routers: [routerConfig('edge1', sim)], worker: FAST_WORKER },
    { now: () => Date.now() + skew },
  );
  await seedAddresses(svc.url);
  await waitFor('the seeded bans on edge1', () =>
    [SEEDED.banned, SEEDED.hostile, SEEDED.plain].every((a) => addresses(sim).includes(a)),
  );
  browser = await openBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await svc?.close();
  await sim?.stop();
});

async function lookUp(page: Page, ip: string): Promise<void> {
  await page.goto(`${svc.url}/ui/`);
  await page.fill('input[name=ip]', `  ${ip} `);
  await Promise.all([page.waitForURL(/\?ip=/), page.click('form[action="/ui/"] button')]);
}

/** A POST from inside the signed-in page (same origin, session cookie sent). */
async function postFromPage(page: Page, path: string, form: Record<string, string>) {
  return page.evaluate(
    async ({ path, form }) => {
      const res = await fetch(path, {
        method: 'POST',
        body: new URLSearchParams(form),
        redirect: 'manual',
      });
      return { status: res.status, text: await res.text() };
    },
    { path, form },
  );
}

const csrfOf = (page: Page) => page.inputValue('form[action="/ui/logout"] input[name=_csrf]');

describeWithDaemons('operator console in Chromium', ['chromium'], () => {
  it('runs on the store driver of its vitest project', () => {
    expect(svc.service.store.kind).toBe(testDriver());
  });

  let admin: Page;

  it('signs in an admin with the configured token and lands on the page asked for', async () => {
    admin = await browser.page();
    await page0(admin);
    expect(new URL(admin.url()).pathname).toBe('/ui/');
    await expect(admin.innerText('header .who')).resolves.toContain('admin (admin)');
  });

  it('looks up a banned address: since, until, offence, claims, evidence, router state', async () => {
    await lookUp(admin, SEEDED.banned);
    const verdict = await admin.innerText('.verdict');
    expect(verdict).toMatch(
      /176\.111\.174\.26 is BANNED since .* UTC until .* UTC \(in (23h59m|1d)\)/,
    );
    await expect(admin.getAttribute('[data-offence]', 'data-offence')).resolves.toBe('1');
    const claims = await admin.innerText('#claims');
    expect(claims).toContain('SSH failed password');
    expect(claims).toContain('web01/sshd@web01.example.net');
    // The detector's fields are folded into <details>: present, not shown until opened.
    expect(await admin.textContent('#claims details')).toContain('event_definition_id');
    expect(await admin.innerText('#evidence')).toContain(
      'Failed password for root from 176.111.174.26 port 52144 ssh2',
    );
    expect(await admin.innerText('#routers tr[data-router=edge1]')).toContain('present');
  });

  it('looks up a refused address: not banned, the refused report and why', async () => {
    await lookUp(admin, SEEDED.refused);
    expect(await admin.getAttribute('.verdict', 'data-state')).toBe('never-banned');
    expect(await admin.innerText('.verdict')).toContain('1 report(s) refused: IP_RESERVED');
    expect(await admin.locator('form[action="/ui/ban"]').count()).toBe(0);
    const refusals = await admin.innerText('#refusals');
    expect(refusals).toContain('IP_RESERVED');
    expect(refusals).toContain('Private-Use');
    expect(refusals).toContain('web01 via api');
  });

  it('shows attacker text from evidence, user names and event titles as text: nothing runs', async () => {
    await lookUp(admin, SEEDED.hostile);
    const evidence = (await admin.innerText('#evidence')) ?? '';
    expect(evidence).toContain(HOSTILE.script);
    expect(evidence).toContain(HOSTILE.link);
    expect(await admin.innerText('#claims')).toContain(HOSTILE.attribute);
    const dom = await admin.evaluate(() => ({
      pwned: (window as { __pwned?: unknown }).__pwned ?? null,
      scripts: [...document.scripts].map((s) => s.getAttribute('src')),
      images: document.images.length,
      jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
      handlers: [...document.querySelectorAll('*')].filter((e) =>
        [...e.attributes].some((a) => a.name.startsWith('on')),
      ).length,
    }));
    expect(dom).toEqual({
      pwned: null,
      scripts: ['/ui/assets/console.js'],
      images: 0,
      jsLinks: 0,
      handlers: 0,
    });
    for (const path of ['/ui/activity', '/ui/bans?text=45.95']) {
      await admin.goto(`${svc.url}${path}`);
      expect(await admin.evaluate(() => document.images.length)).toBe(0);
    }
    expect(await admin.innerText('#activity, #bans')).toContain(HOSTILE.attribute);
    expect(await admin.evaluate(() => (window as { __pwned?: unknown }).__pwned ?? null)).toBe(
      null,
    );
    expect(browser.problems).toEqual([]);
  });

  it("runs the console's own script under the CSP: a filter select submits itself", async () => {
    await admin.goto(`${svc.url}/ui/bans`);
    expect(await admin.innerText('#ban-count')).toMatch(/^[1-9]\d* active ban\(s\) match/);
    await Promise.all([
      admin.waitForURL(/family=6/),
      admin.selectOption('select[name=family]', '6'),
    ]);
    expect(await admin.innerText('#ban-count')).toMatch(/^0 active ban\(s\) match/);
    expect(browser.problems).toEqual([]);
  });

  it('refuses a change without the CSRF token, and one from another origin', async () => {
    await lookUp(admin, SEEDED.banned);
    const missing = await postFromPage(admin, '/ui/unban', { ip: SEEDED.banned });
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('no valid CSRF token');
    const wrong = await postFromPage(admin, '/ui/unban', {
      ip: SEEDED.banned,
      _csrf: 'x'.repeat(43),
    });
    expect(wrong.status).toBe(403);
    const foreign = await admin.request.post(`${svc.url}/ui/unban`, {
      form: { ip: SEEDED.banned, _csrf: await csrfOf(admin) },
      headers: { origin: 'http://attacker.example' },
      maxRedirects: 0,
    });
    expect(foreign.status()).toBe(403);
    expect((await svc.service.store.bans.get(SEEDED.banned))?.active).toBe(1);
  });

  it('unbans as admin after a confirmation that says what will happen', async () => {
    await lookUp(admin, SEEDED.banned);
    await Promise.all([admin.waitForURL(/\/ui\/unban/), admin.click('#unban')]);
    const consequences = await admin.innerText('#consequences');
    expect(consequences).toMatch(
      /lift all 2 claim\(s\):\s*graylog,\s*web01\/sshd@web01\.example\.net/,
    );
    expect(consequences).toMatch(/remove the entry from 1 router\(s\):\s*edge1/);
    await Promise.all([admin.waitForURL(/done=unbanned/), admin.click('#confirm-unban')]);
    expect(await admin.innerText('[role=status]')).toContain('The ban was lifted');
    expect(await admin.getAttribute('.verdict', 'data-state')).toBe('ended');
    await waitFor('the entry gone from edge1', () => !addresses(sim).includes(SEEDED.banned));
  });

  it('a reporter reads but cannot unban', async () => {
    const page = await browser.page();
    await page.context().clearCookies();
    await signIn(page, svc.url, REPORTER.name, REPORTER.password);
    await lookUp(page, SEEDED.plain);
    expect(await page.getAttribute('.verdict', 'data-state')).toBe('banned');
    expect(await page.locator('#unban').count()).toBe(0);
    const confirm = await page.goto(`${svc.url}/ui/unban?ip=${SEEDED.plain}`);
    expect(confirm?.status()).toBe(403);
    await page.goto(`${svc.url}/ui/`);
    const post = await postFromPage(page, '/ui/unban', {
      ip: SEEDED.plain,
      _csrf: await csrfOf(page),
    });
    expect(post.status).toBe(403);
    expect(post.text).toContain('need an admin user');
    expect((await svc.service.store.bans.get(SEEDED.plain))?.active).toBe(1);
    await page.close();
  });

  it('ends the session after an hour idle: pages go to sign-in, changes are refused', async () => {
    const page = await browser.page();
    await page.context().clearCookies();
    await page0(page);
    const csrf = await csrfOf(page);
    skew += 61 * 60_000;
    await page.goto(`${svc.url}/ui/bans`);
    expect(new URL(page.url()).pathname).toBe('/ui/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/ui/bans');
    const post = await postFromPage(page, '/ui/sync', { _csrf: csrf });
    expect(post.status).toBe(401);
  });
});

async function page0(page: Page): Promise<void> {
  await signIn(page, svc.url, 'admin', ADMIN_TOKEN);
}
