import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { RouterSim } from '../../src/sim/router-sim.js';
import { captureIo } from '../helpers/capture-io.js';
import { HOSTILE, SEEDED, seedAddresses } from '../helpers/seed-addresses.js';
import {
  ADMIN_TOKEN,
  startTestService,
  testConfigObject,
  type TestService,
} from '../helpers/service.js';
import { addresses, FAST_WORKER, routerConfig, startSim, waitFor } from '../worker/sim-helpers.js';

let sim: RouterSim;
let svc: TestService;
let configFile: string;

async function show(...args: string[]) {
  const io = captureIo(svc.dir);
  const code = await runCli(['show', ...args, '--config', configFile], io);
  return { code, out: io.out, err: io.err };
}

beforeAll(async () => {
  sim = await startSim();
  // edge2 listens nowhere: its operations stay pending (the error is in its live status).
  const extra = {
    routers: [routerConfig('edge1', sim), { ...routerConfig('edge2', sim), port: 1 }],
    worker: FAST_WORKER,
  };
  svc = await startTestService(extra);
  configFile = join(svc.dir, 'banbridge.yaml');
  writeFileSync(configFile, stringify(testConfigObject(svc.dir, extra)));
  await seedAddresses(svc.url);
  await waitFor('the ban on edge1', () => addresses(sim).includes(SEEDED.banned));
});
afterAll(async () => {
  await svc?.close();
  await sim?.stop();
});

describe('banbridge show IP', () => {
  it('a banned address: state, expiry, offence, both claims, evidence, per-router state', async () => {
    const { code, out } = await show(` ${SEEDED.banned} `);
    expect(code).toBe(0);
    expect(out).toMatch(/^176\.111\.174\.26: BANNED since \S+ until \S+ \(\d+[dh]/);
    expect(out).toContain('offence 1: ');
    expect(out).toMatch(
      /graylog: graylog "SSH failed password", 1 report\(s\).*event_definition_id=/,
    );
    expect(out).toMatch(/web01\/sshd@web01\.example\.net: fail2ban "sshd@web01\.example\.net"/);
    expect(out).toContain('Failed password for root from 176.111.174.26 port 52144 ssh2');
    expect(out).toMatch(/edge1: present since /);
    expect(out).toMatch(/edge2: pending since \S+/);
  });

  it('a refused address: not banned, the refused report and the policy reason', async () => {
    const { code, out } = await show(SEEDED.refused);
    expect(code).toBe(0);
    expect(out).toContain('10.1.2.3: not banned, never was');
    expect(out).toMatch(/policy: IP_RESERVED: 10\.1\.2\.3 .*Private-Use/);
    expect(out).toMatch(/refused reports:\n {2}\S+ web01 via api: IP_RESERVED: 10\.1\.2\.3 /);
  });

  it('prints attacker text without terminal control characters', async () => {
    const { out } = await show(SEEDED.hostile);
    expect(out).toContain(HOSTILE.script);
    expect(out).toContain('\\u{1b}[2J\\u{1b}[31mall clear');
    const controls = [...out].filter((c) => c !== '\n' && (c.codePointAt(0) as number) < 0x20);
    expect(controls).toEqual([]);
  });

  it('--json gives the same explanation to scripts; a malformed address is an error', async () => {
    const { out } = await show(SEEDED.banned, '--json');
    const parsed = JSON.parse(out) as { state: string; claims: unknown[] };
    expect(parsed).toMatchObject({ state: 'banned', key: SEEDED.banned });
    expect(parsed.claims).toHaveLength(2);
    const bad = await show('not-an-ip');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^error IP_INVALID: /);
  });

  it('--json prints the same JSON as GET /v1/bans/{ip} for the same store', async () => {
    for (const ip of [SEEDED.refused, SEEDED.hostile]) {
      const { code, out } = await show(ip, '--json');
      expect(code).toBe(0);
      const res = await svc.request('GET', `/v1/bans/${ip}`, { auth: `Bearer ${ADMIN_TOKEN}` });
      expect(res.status).toBe(200);
      expect(JSON.parse(out)).toEqual(res.body);
    }
  });
});
