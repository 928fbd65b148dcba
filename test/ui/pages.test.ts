import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hourlyChart } from '../../src/http/ui/pages/hourly-chart.js';
import { routersPage } from '../../src/http/ui/pages/routers-page.js';
import { Store } from '../../src/store/store.js';
import type { WorkerStatus } from '../../src/worker/status.js';
import { testDriver, testStoreConfig } from '../helpers/test-store.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-12-03T12:30:00Z');

describe('hourlyChart', () => {
  it('stacks each hour by source, the tallest hour reaching the top', () => {
    const since = NOW - 2 * 86_400_000;
    const hour = Math.floor(NOW / HOUR) * HOUR - HOUR;
    const svg = hourlyChart(
      [
        { hour, credential: 'graylog', n: 3 },
        { hour, credential: 'web01', n: 1 },
        { hour: hour - 5 * HOUR, credential: 'web01', n: 2 },
      ],
      since,
      NOW,
    ).text;
    const rects = [...svg.matchAll(/<rect\s([^>]*)>\s*<title>(\d+)<\/title>/g)].map((m) => {
      const attrs = Object.fromEntries(
        [...(m[1] ?? '').matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]),
      );
      return {
        series: attrs.class,
        y: Number(attrs.y),
        height: Number(attrs.height),
        n: Number(m[2]),
      };
    });
    expect(rects.map((r) => [r.series, r.n])).toEqual([
      ['s0', 3],
      ['s1', 1],
      ['s1', 2],
    ]);
    // 4 reports is the peak: the stack 3 + 1 fills the plot (10 px top padding).
    expect(rects[1]?.y).toBeCloseTo(10, 0);
    expect((rects[0]?.height ?? 0) / (rects[2]?.height ?? 1)).toBeCloseTo(3 / 2, 1);
    expect(svg.replace(/\s+/g, '')).toContain(
      '<spanclass="s0">graylog</span><spanclass="s1">web01</span>',
    );
    expect(svg).toContain('>12-02<');
  });

  it('says so when nothing was accepted', () => {
    expect(hourlyChart([], NOW - 86_400_000, NOW).text).toContain('no accepted reports');
  });
});

describe('routersPage', () => {
  const status: WorkerStatus = {
    router: 'edge1',
    state: 'down',
    lastError: { code: 'ROUTER_UNREACHABLE', message: 'router edge1 (127.0.0.1:1) not reachable' },
    lastContactAt: null,
    lastSyncAt: NOW - 60_000,
    lastSync: {
      reason: 'interval',
      desired: 10,
      observed: 12,
      added: 0,
      removed: 2,
      in_place: 10,
      ms: 14,
    },
    pending: 0,
    guard: null,
  };
  const admin = { name: 'admin', role: 'admin' as const };

  it('shows the state, the last error, what the last reconciliation changed, and the guard', () => {
    const page = routersPage({
      principal: admin,
      csrf: 'token',
      now: NOW,
      routers: [
        {
          status: {
            ...status,
            guard: { held: 900, owned: 1000, reason: 'share', since: NOW - 60_000 },
          },
          open: [],
          sync: null,
        },
      ],
    }).text;
    expect(page).toContain('<span class="state down">down</span>');
    expect(page).toContain('ROUTER_UNREACHABLE: router edge1 (127.0.0.1:1) not reachable');
    expect(page).toContain(
      'desired 10, observed 12, added 0, removed 2, in place 10 (interval, 14 ms)',
    );
    expect(page).toMatch(/Removal guard[\s\S]*holding 900 of 1000 banbridge entries back/);
    expect(page).toContain('banbridge sync --router edge1 --allow-removals');
    expect(page).toContain('Sync edge1 now');
  });

  it('offers no sync to a reporter and shows no guard when there is none', () => {
    const page = routersPage({
      principal: { name: 'web01', role: 'reporter' },
      csrf: 'token',
      now: NOW,
      routers: [{ status, open: [], sync: null }],
    }).text;
    expect(page).not.toContain('Sync edge1 now');
    expect(page).not.toContain('Removal guard');
  });
});

/** The same pages from what the store reads, on the project's driver (SQLite or PostgreSQL). */
describe(`pages from the store (${testDriver()})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'banbridge-pages-'));
  let store: Store;
  beforeAll(async () => {
    store = await Store.open(testStoreConfig(dir));
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs on the driver of its project', () => {
    expect(store.kind).toBe(testDriver());
  });

  it('charts accepted reports per hour and source, nothing else', async () => {
    const hour = Math.floor(NOW / HOUR) * HOUR - HOUR;
    const report = (at: number, credential: string, outcome = 'accepted') =>
      store.audit.append({
        at,
        action: 'report',
        credential,
        detector: 'test',
        ip: '45.155.205.233',
        key: '45.155.205.233',
        outcome,
      });
    await report(hour + 1, 'graylog');
    await report(hour + 59 * 60_000, 'graylog');
    await report(hour + HOUR - 1, 'graylog');
    await report(hour + 10, 'web01');
    await report(hour - 5 * HOUR + 7, 'web01');
    await report(hour - 5 * HOUR + 8, 'web01');
    await report(hour + 20, 'web01', 'rejected');
    await report(NOW - 3 * 86_400_000, 'web01'); // before the chart's window
    const since = NOW - 2 * 86_400_000;
    const hourly = await store.auditReads.acceptedPerHour(since, NOW);
    expect(hourly).toEqual([
      { hour: hour - 5 * HOUR, credential: 'web01', n: 2 },
      { hour, credential: 'graylog', n: 3 },
      { hour, credential: 'web01', n: 1 },
    ]);
    const svg = hourlyChart(hourly, since, NOW).text;
    const titles = [...svg.matchAll(/<title>(\d+)<\/title>/g)].map((m) => Number(m[1]));
    expect(titles.sort()).toEqual([1, 2, 3]);
  });

  it("lists a router's pending and failed operations, newest first", async () => {
    await store.outbox.enqueue(['edge1'], 'add', '45.155.205.1', 4, NOW - 2000);
    await store.outbox.enqueue(['edge1'], 'add', '2a01:4f8:c17:2::/64', 6, NOW - 1000);
    await store.outbox.enqueue(['edge2'], 'add', '45.155.205.9', 4, NOW);
    const [first] = await store.outbox.due('edge1', NOW, 1);
    await store.outbox.fail(first?.id ?? 0, NOW, 'ROUTER_TRAP', 'failure: bad address');
    const page = routersPage({
      principal: { name: 'admin', role: 'admin' },
      csrf: 'token',
      now: NOW,
      routers: [
        {
          status: {
            router: 'edge1',
            state: 'connected',
            lastError: null,
            lastContactAt: NOW,
            lastSyncAt: null,
            lastSync: null,
            pending: 1,
            guard: null,
          },
          open: await store.outboxReads.open('edge1', 50),
          sync: null,
        },
      ],
    }).text;
    const rows = [...page.matchAll(/<a href="\/ui\/\?ip=([^"]+)">/g)].map((m) =>
      decodeURIComponent(m[1] ?? ''),
    );
    expect(rows).toEqual(['2a01:4f8:c17:2::/64', '45.155.205.1']);
    expect(page).toContain('ROUTER_TRAP: failure: bad address');
    expect(page).not.toContain('45.155.205.9');
  });

  it("shows each router's newest sync request and its answer, and reloads while one waits", async () => {
    const router = (name: string) => ({
      router: name,
      state: 'connected' as const,
      lastError: null,
      lastContactAt: NOW,
      lastSyncAt: null,
      lastSync: null,
      pending: 0,
      guard: null,
    });
    const page = async (now = NOW, role: 'admin' | 'reporter' = 'admin') => {
      const syncs = await store.syncRequests.latest(['edge1', 'edge2', 'edge3']);
      expect(syncs.has('edge3')).toBe(false);
      return routersPage({
        principal: { name: 'someone', role },
        csrf: 'token',
        now,
        routers: ['edge1', 'edge2', 'edge3'].map((name) => ({
          status: router(name),
          open: [],
          sync: syncs.get(name) ?? null,
        })),
      }).text;
    };
    const first = await store.syncRequests.ask('edge1', 'console:admin', false);
    await store.syncRequests.answer('edge1', first, 'node-a', {
      summary: { reason: 'requested', added: 2, removed: 0 },
    });
    const refused = await store.syncRequests.ask('edge2', 'api:<ops>', false);
    await store.syncRequests.answer('edge2', refused, 'node-b', {
      code: 'ROUTER_UNREACHABLE',
      message: 'edge2 cannot be reached (connection refused)',
    });
    const answered = await page();
    expect(answered).toMatch(
      /data-state="done"[\s\S]*asked by\s+console:admin[\s\S]*answered by node-a/,
    );
    expect(answered).toContain('added 2, removed 0 (requested)');
    expect(answered).toMatch(/asked by\s+api:&lt;ops&gt;,/);
    expect(answered).toContain('ROUTER_UNREACHABLE: edge2 cannot be reached (connection refused)');
    expect(answered).toContain('data-refresh="30"');

    await store.syncRequests.ask('edge1', 'console:admin', false);
    const waiting = await page();
    expect(waiting).toContain('waiting for the instance that drives edge1');
    expect(waiting).not.toContain('answered by node-a');
    expect(waiting).toContain('data-refresh="2"');

    // Ten minutes without an answer: no longer "waiting", and no fast reloads.
    const later = await page(Date.now() + 11 * 60_000);
    expect(later).toMatch(/data-state="unanswered"[\s\S]*no answer yet from the instance/);
    expect(later).toContain('data-refresh="30"');

    // Reporters see the routers, not who asked for syncs or their answers, nor fast reloads.
    await store.syncRequests.ask('edge1', 'console:admin', false);
    const reporter = await page(NOW, 'reporter');
    expect(reporter).toContain('data-refresh="30"');
    expect(reporter).toContain('data-router="edge2"');
    expect(reporter).not.toContain('Sync request');
    expect(reporter).not.toContain('ROUTER_UNREACHABLE');
  });
});
