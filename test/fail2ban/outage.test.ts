/**
 * banbridge away, fail2ban keeps banning (real fail2ban-server, the shipped action and its
 * spool, real banbridge on a fixed loopback port, RouterOS simulator):
 *
 *   banbridge hangs (accepts, never answers) → bans go on; one connection, not one per ban
 *   banbridge stopped → 20 bans and a ban+unban, each queued on this server
 *   banbridge back → later action runs deliver the queue in order: all 20 (and the 5 banned
 *   during the hang) on the router, the unbanned address not
 *
 * How long each ban took to be queued (banip → report in the spool: fail2ban's dispatch plus
 * the whole action run) is printed, not asserted.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RouterSim } from '../../src/sim/router-sim.js';
import {
  describeWithDaemons,
  freePort,
  sleep,
  tempDir,
  waitFor,
  writeSecretFile,
} from '../helpers/daemons.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { addresses, FAST_WORKER, routerConfig, startSim } from '../worker/sim-helpers.js';
import { fail2banServer, type Fail2banServer } from './chain.js';
import { type Fail2banConf, makeFail2banConf } from './conf-dir.js';

const USER = 'web01-f2b';
// Ordinary public addresses as data (never contacted): 45.155.205.100 … 119.
const BANNED = Array.from({ length: 20 }, (_, i) => `45.155.205.${100 + i}`);
// banned while banbridge hangs: 45.155.204.10 … 14
const HUNG = Array.from({ length: 5 }, (_, i) => `45.155.204.${10 + i}`);
const BAN_THEN_UNBAN = '80.94.95.200';
const RETRY_AFTER = 2;

/** A peer that accepts connections and never answers: banbridge hanging. */
async function hangingPeer(port: number): Promise<{ connections: () => number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((s) => {
    count++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    connections: () => count,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describeWithDaemons(
  'fail2ban keeps banning while banbridge is away; the spool delivers afterwards',
  ['fail2ban-server', 'fail2ban-client', 'curl', 'flock'],
  () => {
    const tmp = tempDir('bb-f2b-outage');
    const dir = tmp.dir;
    const secret = randomBytes(12).toString('hex');
    let port = 0;
    let sim: RouterSim;
    let svc: TestService | undefined;
    let f2b: Fail2banConf;
    let server: Fail2banServer;
    const queued = () => readdirSync(join(f2b.spool, 'queue')).sort();
    const banip = async (ip: string) => {
      const r = await f2b.client(['set', 'manual', 'banip', ip]);
      expect(r.stdout.trim(), r.stderr).toBe('1');
    };
    /** Bans `ip` and resolves with the ms until its report is in the spool. */
    const banQueued = async (ip: string): Promise<number> => {
      const before = queued().length;
      const t0 = Date.now();
      await banip(ip);
      await waitFor(`the report for ${ip} queued`, () => queued().length > before || undefined, 15_000, 10);
      return Date.now() - t0;
    };
    const summary = (ms: number[]) =>
      `${ms.length} bans, max ${Math.max(...ms)} ms, median ${[...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]} ms`;

    beforeAll(async () => {
      port = await freePort('tcp');
      sim = await startSim();
      const credentials = join(dir, 'banbridge.credentials');
      writeSecretFile(credentials, `user = "${USER}:${secret}"\n`);
      const log = join(dir, 'empty.log');
      writeFileSync(log, '');
      f2b = makeFail2banConf(dir, {
        loglevel: 'DEBUG',
        actionLocal: `[Init]\nbanbridge_url = http://127.0.0.1:${port}\ncredentials_file = ${credentials}\nretry_after = ${RETRY_AFTER}\n`,
        jailsLocal: `[sshd]\nenabled = false\n[recidive]\nenabled = false\n[manual]\nenabled = true\nfilter = sshd\nlogpath = ${log}\nbackend = polling\nbantime = 1h\naction = banbridge\n`,
      });
      server = fail2banServer(f2b);
      await server.start();
    }, 60_000);

    afterAll(async () => {
      await server?.stop().catch(() => undefined);
      await svc?.close();
      await sim?.stop();
      tmp.cleanup();
    }, 60_000);

    it('banbridge hanging: bans go on, and the action tries it once per retry_after, not once per ban', async () => {
      const peer = await hangingPeer(port);
      try {
        const ms: number[] = [];
        for (const ip of HUNG) ms.push(await banQueued(ip));
        expect(queued()).toHaveLength(5);
        console.info(`[timing] ban → queued with banbridge hanging: ${summary(ms)}`);
        // the four later runs fell within retry_after of the failure: no new connection
        // (each run takes at most the 1.5 s budget, and runs of one jail do not overlap)
        expect(peer.connections()).toBeLessThanOrEqual(2);
      } finally {
        await peer.close();
      }
    }, 40_000);

    it('banbridge stopped: 20 bans and a ban+unban are queued on this server, in order', async () => {
      await sleep(RETRY_AFTER * 1000); // not a timing assertion: let the hang's back-off pass
      const ms: number[] = [];
      for (const ip of [...BANNED, BAN_THEN_UNBAN]) ms.push(await banQueued(ip));
      console.info(`[timing] ban → queued with banbridge stopped: ${summary(ms)}`);
      expect((await f2b.client(['set', 'manual', 'unbanip', BAN_THEN_UNBAN])).stdout.trim()).toBe('1');
      await waitFor('27 reports queued', () => queued().length === 27 || undefined, 20_000);
      const order = queued().map((f) => {
        const ip = /^ip=(.*)$/m.exec(readFileSync(join(f2b.spool, 'queue', f), 'utf8'))?.[1];
        return `${f.split('.').pop()} ${ip}`;
      });
      expect(order).toEqual([
        ...[...HUNG, ...BANNED].map((ip) => `ban ${ip}`),
        `ban ${BAN_THEN_UNBAN}`,
        `unban ${BAN_THEN_UNBAN}`,
      ]);
    }, 60_000);

    it('banbridge back: later action runs deliver the queue in order, all 20 (and the 5 from the hang) reach the router', async () => {
      svc = await startTestService({
        listen: { host: '127.0.0.1', port },
        users: [{ name: USER, role: 'reporter', password: secret }],
        routers: [routerConfig('edge1', sim)],
        worker: FAST_WORKER,
      });
      await sleep(RETRY_AFTER * 1000);
      // later runs: fresh bans, one every couple of seconds, until the queue is empty
      let trigger = 0;
      await waitFor(
        'the queue delivered',
        async () => {
          if (queued().length === 0) return true;
          await banip(`80.94.95.${10 + trigger++}`);
          await sleep(1_500);
          return undefined;
        },
        60_000,
        0,
      );
      await waitFor(
        'all 25 on the router',
        () => [...HUNG, ...BANNED].every((ip) => addresses(sim).includes(ip)) || undefined,
        20_000,
      );
      // the unban, queued after its ban, was delivered after it: the address is not blocked
      expect((await svc.service.store.bans.get(BAN_THEN_UNBAN))?.active).toBe(0);
      expect(addresses(sim)).not.toContain(BAN_THEN_UNBAN);
      expect(readdirSync(join(f2b.spool, 'rejected'))).toEqual([]);
      console.info(`[timing] queue delivered after ${trigger} trigger ban(s)`);
    }, 120_000);
  },
);
