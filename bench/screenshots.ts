/**
 * `npm run screenshots`: the console's pages at desktop and phone width, written to
 * docs/screenshots/ for the README. Everything is real: the service on a loopback port, the
 * RouterOS simulator (edge1) and a router that is down (edge2), three days of reports sent
 * through the shipped Graylog body and fail2ban form, headless Debian Chromium.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import {
  basic,
  GRAYLOG_TOKEN,
  REPORTER,
  REPORTER2,
  request,
  startTestService,
  ADMIN_TOKEN,
} from '../test/helpers/service.js';
import { openBrowser, signIn } from '../test/ui/browser.js';
import { routerConfig, startSim } from '../test/worker/sim-helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs', 'screenshots');
const fixtures = join(root, 'test', 'fixtures');
const HOUR = 3_600_000;

let skew = 0;
const sim = await startSim();
const svc = await startTestService(
  {
    routers: [
      routerConfig('edge1', sim),
      { ...routerConfig('edge2', sim), host: '127.0.0.1', port: 1 },
    ],
    worker: { retry_base: '1s', retry_max: '5s', max_attempts: 3 },
  },
  { now: () => Date.now() + skew },
);

const graylog = (ip: string, title: string) =>
  request(svc.url, 'POST', `/v1/graylog?token=${GRAYLOG_TOKEN}`, {
    raw: readFileSync(
      join(fixtures, 'graylog', 'notifications', 'v70-filter-sshd-with-backlog.json'),
      'utf8',
    )
      .replaceAll('203.0.113.9', ip)
      .replaceAll('SSH failed password', title),
  });
const fail2ban = (
  ip: string,
  user: { name: string; password: string },
  jail: string,
  host: string,
) =>
  request(svc.url, 'POST', '/v1/fail2ban/ban', {
    auth: basic(user),
    type: 'application/x-www-form-urlencoded',
    raw: readFileSync(join(fixtures, 'fail2ban', 'ban-sshd.form'), 'utf8')
      .trim()
      .replace('203.0.113.5', ip)
      .replace('jail=sshd', `jail=${jail}`)
      .replace('web01.example.net', host)
      .replace('bantime=3600', 'bantime=172800'),
  });

// Three days of reports, a few an hour, at their own times (the service's clock is moved).
let n = 0;
for (let hoursAgo = 72; hoursAgo >= 1; hoursAgo -= 1) {
  skew = -hoursAgo * HOUR;
  const burst = 1 + ((hoursAgo * 7) % 5);
  for (let i = 0; i < burst; i++, n++) {
    const ip = `${[45, 91, 176, 185, 194][n % 5]}.${(n * 37) % 250}.${(n * 11) % 250}.${(n % 250) + 1}`;
    if (n % 3 === 0) await graylog(ip, 'SSH failed password');
    else if (n % 3 === 1) await fail2ban(ip, REPORTER, 'sshd', 'web01.example.net');
    else await fail2ban(ip, REPORTER2, 'nginx-botsearch', 'web02.example.net');
  }
}
skew = 0;
await graylog('176.111.174.26', 'SSH failed password');
await fail2ban('176.111.174.26', REPORTER, 'sshd', 'web01.example.net');
await request(svc.url, 'POST', '/v1/bans', {
  auth: basic(REPORTER),
  body: { ip: '10.1.2.3', reason: 'scanner' },
});
await request(svc.url, 'POST', '/v1/bans', {
  auth: `Bearer ${ADMIN_TOKEN}`,
  body: { ip: '2a06:4883:1000::2', reason: 'web scanner' },
});
await new Promise((r) => setTimeout(r, 3000)); // let edge1 apply and edge2 fail a few times

const pages: [string, string][] = [
  ['lookup-banned', '/ui/?ip=176.111.174.26'],
  ['lookup-refused', '/ui/?ip=10.1.2.3'],
  ['unban-confirm', '/ui/unban?ip=176.111.174.26'],
  ['bans', '/ui/bans'],
  ['routers', '/ui/routers'],
  ['activity', '/ui/activity'],
];
mkdirSync(out, { recursive: true });
for (const [device, viewport] of [
  ['desktop', { width: 1280, height: 860 }],
  ['phone', { width: 390, height: 844 }],
] as const) {
  const browser = await openBrowser(viewport);
  const page: Page = await browser.page();
  await page.goto(`${svc.url}/ui/login`);
  await page.screenshot({ path: join(out, `login-${device}.png`) });
  await signIn(page, svc.url, 'admin', ADMIN_TOKEN);
  for (const [name, path] of pages) {
    await page.goto(`${svc.url}${path}`);
    await page.screenshot({
      path: join(out, `${name}-${device}.png`),
      fullPage: name.startsWith('lookup'),
    });
  }
  await browser.close();
}
await svc.close();
await sim.stop();
process.stdout.write(`screenshots written to ${out}\n`);
