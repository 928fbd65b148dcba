import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfigText } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import {
  startService,
  type RunningService,
  type ServiceOptions,
} from '../../src/main/start-service.js';
import { RecordingLog } from './recording-log.js';
import { testStoreConfig } from './test-store.js';

export const REPORTER = { name: 'web01', password: 'reporter-secret-pw-1' };
export const REPORTER2 = { name: 'web02', password: 'reporter2-secret-pw' };
export const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
export const GRAYLOG_TOKEN = 'graylog-token-0123456789abcdef';

export function basic(user: { name: string; password: string }): string {
  return `Basic ${Buffer.from(`${user.name}:${user.password}`).toString('base64')}`;
}

/** A config object with test users on a random loopback port and a temp SQLite file. */
export function testConfigObject(
  dir: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    listen: { host: '127.0.0.1', port: 0 },
    log: { level: 'debug' },
    users: [
      { name: REPORTER.name, role: 'reporter', password: REPORTER.password },
      { name: REPORTER2.name, role: 'reporter', password: REPORTER2.password },
      { name: 'graylog', role: 'reporter', token: GRAYLOG_TOKEN },
      { name: 'admin', role: 'admin', token: ADMIN_TOKEN },
    ],
    store: testStoreConfig(dir),
    policy: { allowlist: ['198.51.100.0/24', '81.2.69.160/28'] },
    ...extra,
  };
}

export function configFrom(object: Record<string, unknown>, dir: string): Config {
  const loaded = loadConfigText(stringify(object), {}, dir);
  if (!loaded.ok) throw new Error(`test config invalid: ${JSON.stringify(loaded.problems)}`);
  return loaded.config;
}

export interface TestService {
  dir: string;
  url: string;
  service: RunningService;
  log: RecordingLog;
  close(): Promise<void>;
  request(
    method: string,
    path: string,
    init?: { auth?: string; body?: unknown; type?: string; raw?: string },
  ): Promise<{ status: number; headers: Headers; body: any }>;
}

export async function startTestService(
  extra: Record<string, unknown> = {},
  options: ServiceOptions = {},
): Promise<TestService> {
  const dir = mkdtempSync(join(tmpdir(), 'banbridge-test-'));
  const config = configFrom(testConfigObject(dir, extra), dir);
  const log = new RecordingLog();
  const service = await startService(config, log, options);
  return {
    dir,
    url: service.url,
    service,
    log,
    async close() {
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    },
    request: (method, path, init = {}) => request(service.url, method, path, init),
  };
}

export async function request(
  base: string,
  method: string,
  path: string,
  init: { auth?: string; body?: unknown; type?: string; raw?: string } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = {};
  if (init.auth !== undefined) headers.authorization = init.auth;
  let body: string | undefined;
  if (init.raw !== undefined) {
    body = init.raw;
    headers['content-type'] = init.type ?? 'application/json';
  } else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] = init.type ?? 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
