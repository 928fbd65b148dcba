/**
 * `npm run demo`: the whole chain on one machine. Starts the built-in RouterOS simulator and
 * banbridge (temporary SQLite store), reports attackers through the HTTP API, a Graylog
 * notification and the shipped fail2ban action, shows each decision, and prints the
 * simulator's address list. Exits 0 when every expected ban reached the router.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfigText } from '../config/load.js';
import { createLogger } from '../main/create-logger.js';
import { startService } from '../main/start-service.js';
import { RouterSim } from '../sim/router-sim.js';
import { graylogSample } from './graylog-sample.js';
import { runFail2banAction } from './fail2ban-action.js';

const ROUTER = { name: 'banbridge', password: 'demo-router-password' };
const USERS = {
  ops: { name: 'ops', password: 'demo-ops-password', role: 'reporter' },
  graylog: { name: 'graylog', token: 'demo-graylog-token-0123456789', role: 'reporter' },
  fail2ban: { name: 'web01-f2b', password: 'demo-f2b-password', role: 'reporter' },
} as const;

const out = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'banbridge-demo-'));
  const sim = new RouterSim({ users: [ROUTER] });
  const simPort = await sim.start({ port: 0 });
  out(`RouterOS simulator listening on 127.0.0.1:${simPort} (API, like a RouterOS 7.18+ router)`);

  const loaded = loadConfigText(
    stringify({
      listen: { host: '127.0.0.1', port: 0 },
      log: { level: 'warn', format: 'pretty' },
      users: Object.values(USERS),
      store: { path: join(dir, 'banbridge.db') },
      routers: [
        {
          name: 'edge1',
          host: '127.0.0.1',
          port: simPort,
          username: ROUTER.name,
          password: ROUTER.password,
        },
      ],
      policy: { allowlist: ['81.2.69.160/28'], ban_time: '24h' },
    }),
    {},
    dir,
  );
  if (!loaded.ok) throw new Error(`demo config invalid: ${JSON.stringify(loaded.problems)}`);
  const log = createLogger(loaded.config.log, false);
  const service = await startService(loaded.config, log);
  out(`banbridge listening on ${service.url}, store ${join(dir, 'banbridge.db')}`);
  const expected: string[] = [];

  try {
    out('\n== Reports through the generic API (POST /v1/bans, user "ops") ==');
    const reports: [string, string][] = [
      ['45.155.205.233', 'ssh brute force'],
      ['185.220.101.4', 'winbox login failures'],
      ['2a01:4f8:c17:1::1', 'IPv6 scanner'],
      ['10.1.2.3', 'a private address: refused'],
      ['192.0.2.1', 'documentation range: refused'],
      ['81.2.69.165', "the operator's own network (allowlisted): refused"],
      ['010.1.1.1', 'not canonical: 400'],
    ];
    for (const [ip, why] of reports) {
      const res = await post(service.url, '/v1/bans', basic(USERS.ops), { ip, reason: why });
      show(ip, res, why);
      expected.push(...acceptedKeys(res.body));
    }

    out('\n== A Graylog event notification (POST /v1/graylog?token=…) ==');
    const graylog = await post(
      service.url,
      `/v1/graylog?token=${USERS.graylog.token}`,
      undefined,
      graylogSample('103.145.13.22'),
    );
    show('103.145.13.22', graylog, 'Graylog: banbridge: SSH authentication failures');
    expected.push(...acceptedKeys(graylog.body));

    out(
      '\n== fail2ban: the shipped action file (fail2ban/action.d/banbridge.conf) runs its actionban ==',
    );
    const f2b = await runFail2banAction(service.url, USERS.fail2ban, dir, {
      ip: '141.98.11.58',
      jail: 'sshd',
      bantime: '3600',
      failures: '5',
    });
    out(`  ${f2b.command}`);
    const outcome = f2b.queued === 0 ? 'delivered' : `${f2b.queued} report(s) still queued`;
    out(`  → exit ${f2b.exitCode}, ${outcome}${f2b.body === '' ? '' : `: ${f2b.body.trim()}`}`);
    if (f2b.exitCode === 0 && f2b.queued === 0) expected.push('141.98.11.58');

    out('\n== Waiting for the worker to apply the bans to the router ==');
    const deadline = Date.now() + 15_000;
    const present = () =>
      new Set([...sim.entries(4), ...sim.entries(6)].map((e) => e.address.replace(/\/128$/, '')));
    while (!expected.every((k) => present().has(k)) && Date.now() < deadline) await sleep(50);

    out("\n== The simulator's /ip/firewall/address-list and /ipv6/firewall/address-list ==");
    for (const family of [4, 6] as const) {
      for (const e of sim.entries(family)) {
        const left =
          e.expiresAt === undefined
            ? 'static'
            : `timeout ${Math.round((e.expiresAt - Date.now()) / 3600_000)}h`;
        out(`  ${e.list.padEnd(16)} ${e.address.padEnd(24)} ${left.padEnd(12)} ${e.comment ?? ''}`);
      }
    }
    const missing = expected.filter((k) => !present().has(k));
    out('');
    if (missing.length > 0) {
      out(`FAILED: not on the router: ${missing.join(', ')}`);
      return 1;
    }
    out(
      `OK: ${expected.length} bans on the router; ${reports.length + 2 - expected.length} of ${reports.length + 2} reports refused, as they should be.`,
    );
    return 0;
  } finally {
    await service.close();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function basic(user: { name: string; password: string }): string {
  return `Basic ${Buffer.from(`${user.name}:${user.password}`).toString('base64')}`;
}

interface Answer {
  status: number;
  body: {
    decisions?: { outcome: string; key?: string; code?: string; expires_at?: string }[];
    code?: string;
    detail?: string;
  };
}

async function post(
  base: string,
  path: string,
  auth: string | undefined,
  body: unknown,
): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(auth === undefined ? {} : { authorization: auth }),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

function acceptedKeys(body: Answer['body']): string[] {
  return (body.decisions ?? [])
    .filter((d) => d.outcome === 'accepted' && d.key !== undefined)
    .map((d) => d.key as string);
}

function show(ip: string, res: Answer, why: string): void {
  const d = res.body.decisions?.[0];
  const verdict =
    d === undefined
      ? `${res.body.code ?? ''} ${res.body.detail ?? ''}`
      : d.outcome === 'accepted'
        ? `accepted → ${d.key ?? ''} until ${d.expires_at ?? ''}`
        : `${d.outcome} ${d.code ?? ''}`;
  out(`  ${ip.padEnd(20)} HTTP ${res.status}  ${verdict.padEnd(60)} (${why})`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

process.exitCode = await main();
