import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterSim } from '../../../src/sim/router-sim.js';
import { GRAYLOG_TOKEN, startTestService, type TestService } from '../../helpers/service.js';
import {
  addresses,
  FAST_WORKER,
  routerConfig,
  startSim,
  waitFor,
} from '../../worker/sim-helpers.js';
import { ATTACKER_V4, GRAYLOG_NODES, renderedCases } from './rendered-cases.js';

/*
 * Every body Graylog renders (v1 and both v2 templates, 6.0.0 … HEAD) POSTed over real HTTP to
 * banbridge, with the RouterOS simulator behind it: test notifications answer 200 and change
 * nothing; events are accepted and the attacker reaches the router; what a version cannot
 * render as JSON is a 400 that changes nothing.
 */
const url = `/v1/graylog?token=${GRAYLOG_TOKEN}`;
const cases = renderedCases();
// Graylog's OkHttp adds the charset to a String body (v2); v1 sends bytes, no charset.
const typeOf = (template: string) =>
  template === 'v1' ? 'application/json' : 'application/json; charset=utf-8';

let sim: RouterSim;
let svc: TestService;
beforeAll(async () => {
  sim = await startSim();
  svc = await startTestService({ routers: [routerConfig('edge1', sim)], worker: FAST_WORKER });
});
afterAll(async () => {
  await svc.close();
  await sim.stop();
});

describe('POST /v1/graylog with the bodies Graylog renders', () => {
  it('test notifications: 200, nothing banned, on every version and template', async () => {
    const tests = cases.filter((c) => c.want.kind === 'test');
    expect(tests).toHaveLength(19);
    for (const c of tests) {
      const res = await svc.request('POST', url, { raw: c.body, type: typeOf(c.template) });
      expect(res.status, c.name).toBe(200);
      expect(res.body.test, c.name).toBe(true);
    }
    expect((await svc.service.store.bans.counts()).total).toBe(0);
  });

  it('bodies a version renders as broken JSON: 400 GRAYLOG_BODY_INVALID, nothing banned', async () => {
    const broken = cases.filter((c) => c.want.kind === 'invalid');
    expect(broken.map((c) => c.name).sort()).toEqual([
      'rendered/6.0.0/3-aggregation-backlog-2.txt',
      'rendered/6.0.0/banbridge-template-3-aggregation-backlog-2.txt',
      'rendered/6.0.5/3-aggregation-backlog-2.txt',
      'rendered/6.0.5/banbridge-template-3-aggregation-backlog-2.txt',
    ]);
    for (const c of broken) {
      const res = await svc.request('POST', url, { raw: c.body, type: typeOf(c.template) });
      expect(res.status, c.name).toBe(400);
      expect(res.body.code, c.name).toBe('GRAYLOG_BODY_INVALID');
    }
    expect((await svc.service.store.bans.counts()).total).toBe(0);
  });

  it('events: the attacker is banned on the router, the Graylog node never', async () => {
    for (const c of cases.filter((x) => x.want.kind === 'event')) {
      const res = await svc.request('POST', url, { raw: c.body, type: typeOf(c.template) });
      expect([200, 202], c.name).toContain(res.status);
      expect(
        res.body.decisions.map((d: { ip: string; outcome: string }) => [d.ip, d.outcome]),
        c.name,
      ).toEqual([[c.want.kind === 'event' ? c.want.ips[0] : '', 'accepted']]);
    }
    await waitFor('the IPv4 attacker on the router', () => addresses(sim).includes(ATTACKER_V4));
    await waitFor('the IPv6 attacker on the router', () =>
      addresses(sim, 6).some((a) => a.startsWith('2a01:4f8:c17:1:')),
    );
    const banned = [...addresses(sim), ...addresses(sim, 6)];
    for (const node of GRAYLOG_NODES) expect(banned).not.toContain(node);
    expect(addresses(sim)).toEqual([ATTACKER_V4]);
    // policy.ipv6_prefix (default /64) widens an IPv6 attacker to its network.
    expect(addresses(sim, 6)).toEqual(['2a01:4f8:c17:1::/64']);
    expect(await svc.service.store.bans.counts()).toMatchObject({
      active_v4: 1,
      active_v6: 1,
      total: 2,
    });
  });
});
