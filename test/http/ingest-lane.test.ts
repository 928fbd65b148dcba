import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAllowlist } from '../../src/core/ip/index.js';
import { AuthThrottle } from '../../src/http/auth-throttle.js';
import { CredentialChecker } from '../../src/http/credentials.js';
import { bodyLimitBytes, ingestLane } from '../../src/http/ingest-lane.js';
import { buildPipeline } from '../../src/main/build-pipeline.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { Store } from '../../src/store/store.js';
import { RecordingLog } from '../helpers/recording-log.js';
import {
  basic,
  configFrom,
  GRAYLOG_TOKEN,
  REPORTER,
  startTestService,
  testConfigObject,
  type TestService,
} from '../helpers/service.js';
import { testStoreConfig } from '../helpers/test-store.js';

const TEMPLATE = readFileSync(
  fileURLToPath(
    new URL(
      '../fixtures/graylog/notifications/v2-recommended-template-with-backlog.json',
      import.meta.url,
    ),
  ),
  'utf8',
);
/** A notification naming `ip` (the fixture's documentation address replaced). */
const notification = (ip: string) => TEMPLATE.replaceAll('203.0.113.66', ip);
const BEARER = `Bearer ${GRAYLOG_TOKEN}`;

interface Sent {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** One request over real HTTP; the headers are sent as given (no content-length added unless named). */
function send(url: string, sent: Sent) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
    (resolve, reject) => {
      const req = httpRequest(
        `${url}${sent.path ?? '/v1/graylog'}`,
        { method: sent.method ?? 'POST', headers: sent.headers ?? {} },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(sent.body);
    },
  );
}

/** The ordinary Graylog request: what the lane is for. */
function ordinary(ip: string, headers: Record<string, string> = {}): Sent {
  const body = notification(ip);
  return {
    headers: {
      authorization: BEARER,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      ...headers,
    },
    body,
  };
}

describe('the ingest lane takes only the ordinary request (a real server, lane alone)', () => {
  const FELL_THROUGH = 599;
  let dir: string;
  let store: Store;
  let server: Server;
  let url: string;
  const throttle = new AuthThrottle(2);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'banbridge-lane-'));
    const config = configFrom(testConfigObject(dir, { listen: { body_limit: '8kb' } }), dir);
    store = await Store.open(testStoreConfig(dir));
    const log = new RecordingLog();
    const pipeline = buildPipeline(
      config,
      store,
      () => compileAllowlist(config.policy.allowlist),
      log,
      Date.now,
      ['dry-run'],
      () => undefined,
    );
    const lane = ingestLane(
      {
        config,
        pipeline,
        keyOf: () => ({ key: '', family: 4 }),
        log,
        metrics: new Metrics(),
        workerStatus: () => [],
      },
      { checker: new CredentialChecker(config.users), log, now: Date.now, throttle },
      () => false,
    );
    // What the lane does not take is answered here, as express would be reached in app.ts.
    server = createServer((req, res) => {
      if (lane(req, res)) return;
      req.resume();
      req.on('end', () => {
        res.statusCode = FELL_THROUGH;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a notification with a valid Bearer token, a Basic password or a Basic token', async () => {
    expect((await send(url, ordinary('45.140.1.1'))).status).toBe(202);
    expect(
      (await send(url, ordinary('45.140.1.2', { authorization: basic(REPORTER) }))).status,
    ).toBe(202);
    const token = `Basic ${Buffer.from(`graylog:${GRAYLOG_TOKEN}`).toString('base64')}`;
    expect((await send(url, ordinary('45.140.1.3', { authorization: token }))).status).toBe(202);
    expect(
      (
        await send(
          url,
          ordinary('45.140.1.4', { 'content-type': 'Application/JSON; charset="UTF-8"' }),
        )
      ).status,
    ).toBe(202);
  });

  it('leaves every other request to express, before reading its body', async () => {
    const body = notification('45.140.2.1');
    const length = String(Buffer.byteLength(body));
    const cases: [string, Sent][] = [
      ['a query (?token=)', { ...ordinary('45.140.2.1'), path: `/v1/graylog?token=x` }],
      ['another path', { ...ordinary('45.140.2.1'), path: '/v1/fail2ban/ban' }],
      ['another method', { ...ordinary('45.140.2.1'), method: 'PUT' }],
      ['text/plain', ordinary('45.140.2.1', { 'content-type': 'text/plain' })],
      ['a +json type', ordinary('45.140.2.1', { 'content-type': 'application/vnd.x+json' })],
      [
        'another charset',
        ordinary('45.140.2.1', { 'content-type': 'application/json; charset=latin1' }),
      ],
      ['a content encoding', ordinary('45.140.2.1', { 'content-encoding': 'identity' })],
      [
        'a chunked body',
        {
          headers: {
            authorization: BEARER,
            'content-type': 'application/json',
            'transfer-encoding': 'chunked',
          },
          body: Buffer.from(body),
        },
      ],
      [
        'a body over listen.body_limit',
        {
          headers: {
            authorization: BEARER,
            'content-type': 'application/json',
            'content-length': String(bodyLimitBytes('8kb') + 1),
          },
          body: 'x'.repeat(bodyLimitBytes('8kb') + 1),
        },
      ],
      [
        'no credential',
        { headers: { 'content-type': 'application/json', 'content-length': length }, body },
      ],
      ['a wrong token', ordinary('45.140.2.1', { authorization: 'Bearer wrong-token-0123456789' })],
      [
        'a wrong password',
        ordinary('45.140.2.1', { authorization: basic({ ...REPORTER, password: 'nope' }) }),
      ],
      ['a malformed header', ordinary('45.140.2.1', { authorization: 'Basic' })],
      // A browser's: express judges where it came from (cross-site.ts).
      ['an Origin', ordinary('45.140.2.1', { origin: 'http://127.0.0.1:1' })],
      ['Sec-Fetch-Site', ordinary('45.140.2.1', { 'sec-fetch-site': 'same-origin' })],
    ];
    for (const [name, sent] of cases) {
      expect({ name, status: (await send(url, sent)).status }).toEqual({
        name,
        status: FELL_THROUGH,
      });
    }
    // Nothing of those was stored.
    expect(await store.bans.get('45.140.2.1')).toBeUndefined();
  });

  it("leaves a correct password to express while its client's slot is throttled", async () => {
    // The lane only reads the throttle: failures are counted by authenticate() in express.
    throttle.fail('127.0.0.1', REPORTER.name, Date.now());
    throttle.fail('127.0.0.1', REPORTER.name, Date.now());
    const sent = ordinary('45.140.3.1', { authorization: basic(REPORTER) });
    expect((await send(url, sent)).status).toBe(FELL_THROUGH);
    // A token is never throttled.
    expect((await send(url, ordinary('45.140.3.2'))).status).toBe(202);
  });

  it('reads listen.body_limit as body-parser does (1 kb = 1024 bytes)', () => {
    expect(bodyLimitBytes('256kb')).toBe(262_144);
    expect(bodyLimitBytes('1mb')).toBe(1_048_576);
    expect(bodyLimitBytes('100b')).toBe(100);
  });
});

describe('the lane and express answer alike (two real services, same clock, same requests)', () => {
  const T0 = Date.parse('2026-12-01T10:00:00Z');
  let lane: TestService;
  let express: TestService;
  beforeAll(async () => {
    const extra = { policy: { allowlist: ['198.51.100.0/24'], max_new_bans_per_minute: 3 } };
    lane = await startTestService(extra, { now: () => T0 });
    express = await startTestService(extra, { now: () => T0 });
  });
  afterAll(async () => {
    await lane.close();
    await express.close();
  });

  /** A query the route ignores sends the request to express. */
  const viaExpress = (sent: Sent): Sent => ({ ...sent, path: '/v1/graylog?path=express' });

  it('same status, headers and body for accepted, refused, repeated, rate-limited, test and invalid notifications', async () => {
    const testBody = JSON.stringify({ event_definition_title: 'Event Definition Test Title' });
    const sequence: Sent[] = [
      ordinary('45.141.1.1'),
      ordinary('45.141.1.1'),
      ordinary('203.0.113.7'),
      ordinary('198.51.100.9'),
      ordinary('45.141.1.2'),
      ordinary('45.141.1.3'),
      // the fourth new ban in the minute: 429 with Retry-After
      ordinary('45.141.1.4'),
      ordinary('45.141.1.5', { authorization: basic(REPORTER) }),
      {
        headers: {
          authorization: BEARER,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(testBody)),
        },
        body: testBody,
      },
      {
        headers: {
          authorization: BEARER,
          'content-type': 'application/json',
          'content-length': '9',
        },
        body: '{"nope":1',
      },
      // a byte order mark and an invalid UTF-8 byte, decoded as body-parser does
      (() => {
        const body = Buffer.concat([
          Buffer.from([0xef, 0xbb, 0xbf]),
          Buffer.from(notification('45.141.1.6').replace('"event"', '"event\u00ff"')),
        ]);
        body[body.indexOf(0xc3)] = 0xff;
        return {
          headers: {
            authorization: BEARER,
            'content-type': 'application/json',
            'content-length': String(body.length),
          },
          body,
        };
      })(),
    ];
    const seen: number[] = [];
    for (const sent of sequence) {
      const a = await send(lane.url, sent);
      const b = await send(express.url, viaExpress(sent));
      const pick = (r: typeof a) => ({
        status: r.status,
        type: r.headers['content-type'],
        length: r.headers['content-length'],
        cache: r.headers['cache-control'],
        sniff: r.headers['x-content-type-options'],
        retry: r.headers['retry-after'],
        body: r.text,
      });
      expect(pick(a)).toEqual(pick(b));
      seen.push(a.status);
    }
    // The sequence covered each kind of answer.
    expect(new Set(seen)).toEqual(new Set([202, 200, 429, 400]));

    // The same rows were stored, and the same request lines logged (but for the URL).
    const history = async (svc: TestService, ip: string) =>
      (await svc.request('GET', `/v1/bans/${ip}`, { auth: `Bearer ${GRAYLOG_TOKEN}` })).body;
    for (const ip of ['45.141.1.1', '45.141.1.3', '45.141.1.5']) {
      expect(await history(lane, ip)).toEqual(await history(express, ip));
    }
    const lines = (svc: TestService) =>
      svc.log.lines
        .filter(
          (e) => e.message === 'http request' && String(e.meta?.url).startsWith('/v1/graylog'),
        )
        .map((e) => ({ ...e.meta, url: undefined, ms: undefined }));
    expect(lines(lane)).toHaveLength(sequence.length);
    expect(lines(lane)).toEqual(lines(express));
    const durations = async (svc: TestService) =>
      (await svc.request('GET', '/metrics', { auth: `Bearer ${'admin-token-0123456789abcdef'}` }))
        .body as string;
    const count = (text: string) =>
      text
        .split('\n')
        .filter(
          (l) =>
            l.startsWith('banbridge_http_request_duration_seconds_count{') &&
            l.includes('/v1/graylog'),
        )
        .sort();
    expect(count(await durations(lane))).toEqual(count(await durations(express)));
  });
});
