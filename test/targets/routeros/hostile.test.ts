import { afterEach, describe, expect, it } from 'vitest';
import { RouterSim } from '../../../src/sim/router-sim.js';
import { encodeSentence } from '../../../src/targets/routeros/sentence.js';
import {
  ADMIN_TOKEN,
  basic,
  REPORTER,
  startTestService,
  type TestService,
} from '../../helpers/service.js';
import { addresses, ROUTER_USER, waitFor } from '../../worker/sim-helpers.js';
import { HostileRouter, type Behaviour } from './hostile-router.js';

/**
 * A misbehaving RouterOS API server (hostile-router.ts) in front of a real `serve`: it must
 * stay up, answer HTTP, keep memory bounded, report the failure once and clearly, spend no
 * operation attempts, and recover when a good router takes the port.
 */
const rep = basic(REPORTER);
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const afterLogin =
  (hostile: Behaviour): Behaviour =>
  (request, peer) =>
    request.command === '/login' ? peer.answerNormally(request) : hostile(request, peer);

const MiB = 1024 * 1024;
const chunk = Buffer.alloc(64 * 1024, 0x61);
let adds = 0;

const scenarios: [string, Behaviour, string][] = [
  ['garbage bytes', (_r, peer) => peer.bytes(Buffer.alloc(100, 0xff)), 'ROUTER_PROTOCOL'],
  [
    'a 5-byte length prefix announcing 2 GiB',
    (_r, peer) => {
      peer.bytes(Buffer.from([0xf0, 0x7f, 0xff, 0xff, 0xff]));
      peer.flood(() => chunk);
    },
    'ROUTER_PROTOCOL',
  ],
  [
    'a 60 MiB word that never ends',
    (_r, peer) => {
      peer.bytes(Buffer.from([0xe3, 0xc0, 0x00, 0x00])); // 0x03C00000 bytes announced
      peer.flood(() => chunk);
    },
    'ROUTER_PROTOCOL',
  ],
  [
    'a reply sentence of 1-byte words that never ends',
    afterLogin((request, peer) => {
      peer.bytes(encodeSentence(['!re', `.tag=${request.tag}`]).subarray(0, -1));
      const words = Buffer.alloc(64 * 1024);
      for (let i = 0; i < words.length; i += 2) words.set([0x01, 0x61], i);
      peer.flood(() => words);
    }),
    'ROUTER_PROTOCOL',
  ],
  [
    'endless valid !re rows',
    afterLogin((request, peer) => {
      const row = encodeSentence(['!re', `.tag=${request.tag}`, '=uptime=1h']);
      peer.flood(() => Buffer.concat(Array.from({ length: 500 }, () => row)));
    }),
    'ROUTER_PROTOCOL',
  ],
  [
    'replies for unknown tags',
    afterLogin((_request, peer) => {
      peer.send('!re', '.tag=nobody', '=uptime=1h');
      peer.send('!done', '.tag=nobody');
    }),
    'ROUTER_TIMEOUT',
  ],
  [
    '!done before !re',
    afterLogin((request, peer) => {
      peer.send('!done', `.tag=${request.tag}`);
      peer.send('!re', `.tag=${request.tag}`, '=uptime=1h');
    }),
    'ROUTER_PROTOCOL',
  ],
  [
    '!fatal in the middle of a batch of adds',
    afterLogin((request, peer) => {
      if (!request.command.endsWith('/add')) return peer.answerNormally(request);
      if (++adds % 5 === 0) {
        peer.send('!fatal', 'out of memory');
        peer.socket.end();
      } else peer.send('!done', `.tag=${request.tag}`, '=ret=*1');
    }),
    'ROUTER_FATAL',
  ],
  ['login never answered', () => undefined, 'ROUTER_TIMEOUT'],
  [
    'closing right after login',
    (request, peer) => {
      peer.answerNormally(request);
      peer.socket.destroy();
    },
    'ROUTER_DISCONNECTED',
  ],
  [
    'replies slower than command_timeout',
    afterLogin((request, peer) => {
      setTimeout(() => peer.answerNormally(request), 1500);
    }),
    'ROUTER_TIMEOUT',
  ],
];

async function serve(port: number): Promise<TestService> {
  const svc = await startTestService(
    {
      routers: [
        {
          name: 'edge1',
          host: '127.0.0.1',
          port,
          username: ROUTER_USER.name,
          password: ROUTER_USER.password,
          command_timeout: '1s',
          connect_timeout: '1s',
        },
      ],
      policy: { max_new_bans_per_minute: 100_000 },
    },
    { probeIntervalMs: 200 },
  );
  cleanups.push(() => svc.close());
  return svc;
}

describe('a hostile or broken router', () => {
  it.each(scenarios.map(([name, behaviour, code]) => [name, code, behaviour] as const))(
    '%s: serve stays up and bounded, says %s, recovers',
    async (_name, code, behaviour) => {
      const hostile = new HostileRouter(behaviour);
      const port = await hostile.start();
      let stopped = false;
      cleanups.push(async () => {
        if (!stopped) await hostile.stop();
      });
      const rssBefore = process.memoryUsage().rss;
      const svc = await serve(port);
      for (let i = 1; i <= 20; i++) {
        const res = await svc.request('POST', '/v1/bans', {
          auth: rep,
          body: { ip: `45.155.205.${i}` },
        });
        expect(res.status).toBe(202);
      }
      await waitFor(
        `${code} reported`,
        () => svc.service.pool.status()[0]?.lastError?.code === code,
      );
      // it keeps trying (a new connection each time) without growing
      const seen = hostile.requests;
      await waitFor('more attempts', () => hostile.requests >= seen + 2);
      expect((await svc.request('GET', '/healthz')).status).toBe(200);
      const status = await svc.request('GET', '/v1/status', {
        auth: `Bearer ${ADMIN_TOKEN}`,
      });
      expect(status.status).toBe(200);
      // the clear error: its code, and which router (by name and address) it is about
      const first = svc.log.lines.find((l) => l.message.startsWith('router unavailable'));
      expect(first?.meta?.code).toBe(code);
      expect(String(first?.meta?.error)).toMatch(/router edge1 \(127\.0\.0\.1:\d+\)/);
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * MiB);
      const queued = await svc.service.store.outbox.due('edge1', Date.now(), 100);
      expect(queued.every((op) => op.attempts === 0)).toBe(true);
      const downs = svc.log.lines.filter((l) => l.message.startsWith('router unavailable'));
      const ups = svc.log.lines.filter((l) => l.message === 'router reachable again');
      // one message when an outage starts and one when it ends — no storm per attempt
      expect(downs.length - ups.length).toBeGreaterThanOrEqual(0);
      expect(downs.length - ups.length).toBeLessThanOrEqual(1);
      expect(downs.length).toBeLessThanOrEqual(hostile.connections);

      await hostile.stop();
      stopped = true;
      const good = new RouterSim({ users: [ROUTER_USER] });
      await good.start({ port });
      cleanups.push(() => good.stop());
      await waitFor('recovered', () => addresses(good).length === 20, 15_000);
      await waitFor('outbox drained', () => svc.service.pool.status()[0]?.pending === 0);
      expect(svc.service.pool.status()[0]?.state).toBe('connected');
    },
    40_000,
  );
});
