import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { GraylogSourceConfig } from '../../../src/config/types.js';
import { BanbridgeError } from '../../../src/core/errors.js';
import { graylogToBanRequests, type GraylogReport } from '../../../src/sources/graylog/index.js';

const dir = fileURLToPath(new URL('../../fixtures/graylog/notifications/', import.meta.url));
const read = (file: string): string => readFileSync(dir + file, 'utf8');

/** The defaults of config/schema.ts for sources.graylog. */
const defaults: GraylogSourceConfig = {
  ip_fields: ['src_ip', 'source_ip', 'client_ip', 'remote_ip', 'src_addr', 'ip'],
  scan_message_text: false,
  max_addresses: 50,
  overrides: [],
};

interface Expectation {
  kind: 'test' | 'event';
  marker?: string;
  ips?: string[];
  from?: string;
  via?: string;
  shape?: string;
  truncated?: number;
  durationMs?: number;
  reportOnly?: boolean;
  evidence?: string;
}
interface Case {
  graylog: string;
  provenance: string;
  config?: Partial<GraylogSourceConfig>;
  expect: Expectation;
}
const manifest = JSON.parse(read('expected.json')) as Record<string, Case | string>;
const bodies = readdirSync(dir).filter((f) => /\.(json|txt)$/.test(f) && f !== 'expected.json');

function rejection(body: string, config = defaults): BanbridgeError {
  try {
    graylogToBanRequests(body, config);
  } catch (error) {
    if (error instanceof BanbridgeError) return error;
    throw error;
  }
  throw new Error('expected GRAYLOG_BODY_INVALID, got a report');
}

describe('graylogToBanRequests over every fixture body', () => {
  it('has an expectation for every body and a body for every expectation', () => {
    const expected = Object.keys(manifest).filter((k) => !k.startsWith('$'));
    expect(expected.sort()).toEqual([...bodies].sort());
  });

  for (const file of bodies) {
    const entry = manifest[file];
    if (typeof entry !== 'object') continue;
    it(`${file} (${entry.graylog})`, () => {
      const report: GraylogReport = graylogToBanRequests(read(file), {
        ...defaults,
        ...entry.config,
      });
      const want = entry.expect;
      expect(report.kind).toBe(want.kind);
      if (report.kind === 'test') {
        expect(report.detail['test_marker']).toBe(want.marker);
        return;
      }
      expect(report.requests.map((r) => r.ip)).toEqual(want.ips);
      expect(report.detail['addresses_from']).toBe(want.from);
      expect(report.truncated).toBe(want.truncated ?? 0);
      if (want.via !== undefined) expect(report.via).toBe(want.via);
      if (want.shape !== undefined) expect(report.detail['body_shape']).toBe(want.shape);
      for (const request of report.requests) {
        expect(request.reason).toBe(`Graylog: ${report.via}`);
        expect(request.durationMs).toBe(want.durationMs);
        expect(request.reportOnly).toBe(want.reportOnly);
        if (want.evidence !== undefined) expect(request.evidence).toBe(want.evidence);
      }
      // event.source is the Graylog node, never an attacker
      const node = report.detail['graylog_node'];
      if (node !== undefined) expect(report.requests.map((r) => r.ip)).not.toContain(node);
    });
  }
});

describe('audit detail', () => {
  it('keeps definition id and title, event id, priority, timestamp, message, origin_context', () => {
    const report = graylogToBanRequests(read('v70-filter-sshd-with-backlog.json'), defaults);
    expect(report.kind).toBe('event');
    expect(report.detail).toMatchObject({
      event_definition_id: '6752f0c1a3b4c5d6e7f80911',
      event_definition_title: 'SSH failed password',
      event_id: '01JEH4Z8Q2M7W5Y3K9T6V1B0CD',
      priority: 2,
      timestamp: '2024-12-06T09:14:03.000Z',
      message: 'SSH failed password',
      origin_context: 'urn:graylog:message:es:graylog_12:5c1d2e80-b2a9-11ef-9a4f-0242ac120005',
      graylog_node: 'graylog-node-1',
    });
  });

  it('reads the default template priority string as a number and its summary as the title', () => {
    const report = graylogToBanRequests(read('v2-default-template-with-backlog.txt'), defaults);
    expect(report.detail).toMatchObject({
      priority: 2,
      event_definition_title: 'SSH failed password',
    });
  });

  it('clips long evidence to one line per part', () => {
    const body = JSON.parse(read('v70-filter-sshd-with-backlog.json')) as {
      backlog: { message: string }[];
    };
    (body.backlog[0] as { message: string }).message =
      `web01 sshd[1]: ${'x'.repeat(2000)}\nsecond line`;
    const report = graylogToBanRequests(JSON.stringify(body), defaults);
    if (report.kind !== 'event') throw new Error('expected an event');
    const evidence = report.requests[0]?.evidence ?? '';
    const [first, second] = evidence.split('\n');
    expect(first).toBe('SSH failed password');
    expect(second?.length).toBe(500);
    expect(second?.endsWith('…')).toBe(true);
  });
});

describe('attacker lookup', () => {
  const v70 = () =>
    JSON.parse(read('v70-filter-sshd-with-backlog.json')) as {
      event: { fields: Record<string, string>; key_tuple: string[]; key: string };
      backlog: { fields: Record<string, unknown> }[];
    };

  it('passes configured field values on verbatim (trimmed), without judging them', () => {
    const body = v70();
    body.event.fields = { src_ip: '  not-an-address ', source_ip: '192.0.2.9/24' };
    const report = graylogToBanRequests(JSON.stringify(body), defaults);
    if (report.kind !== 'event') throw new Error('expected an event');
    expect(report.requests.map((r) => r.ip)).toEqual(['not-an-address', '192.0.2.9/24']);
  });

  it('only looks at the configured field names', () => {
    const body = v70();
    body.event.fields = { attacker: '203.0.113.5' };
    body.event.key_tuple = [];
    body.event.key = '';
    body.backlog = [];
    const report = graylogToBanRequests(JSON.stringify(body), {
      ...defaults,
      ip_fields: ['attacker'],
    });
    expect(report.kind === 'event' && report.requests.map((r) => r.ip)).toEqual(['203.0.113.5']);
    const none = graylogToBanRequests(JSON.stringify(body), defaults);
    expect(none.kind === 'event' && none.requests).toEqual([]);
  });

  it('does not scan free text unless scan_message_text is set', () => {
    const report = graylogToBanRequests(read('v70-free-text-only.json'), defaults);
    expect(report.kind === 'event' && report.detail['addresses_from']).toBe('none');
  });

  it('scanning text, skips runs longer than any address (a crafted log line cannot stall it)', () => {
    // '1' + 400,000 dots + '1': trimming it with regexes took minutes (quadratic); skipped,
    // it costs one pass. The address after it in the same message is still found.
    const body = v70();
    body.event.fields = {};
    body.event.key_tuple = [];
    body.event.key = '';
    (body.event as { message?: string }).message =
      `1${'.'.repeat(400_000)}1 then from 45.155.205.7 port 22`;
    const report = graylogToBanRequests(JSON.stringify(body), {
      ...defaults,
      scan_message_text: true,
    });
    expect(report.kind === 'event' && report.requests.map((r) => r.ip)).toContain('45.155.205.7');
  });

  it('ignores numeric backlog field values (MessageSummary keeps original types)', () => {
    const body = v70();
    body.event.fields = {};
    body.event.key_tuple = [];
    body.event.key = '';
    (body.backlog[0] as { fields: Record<string, unknown> }).fields = { ip: 3405803785 };
    const report = graylogToBanRequests(JSON.stringify(body), defaults);
    expect(report.kind === 'event' && report.requests).toEqual([]);
  });

  it('uses the first matching override only', () => {
    const config: GraylogSourceConfig = {
      ...defaults,
      overrides: [
        { match: 'other', report_only: true },
        { match: 'SSH failed password', ban_time: '2h' },
        { match: '6752f0c1a3b4c5d6e7f80911', report_only: true },
      ],
    };
    const report = graylogToBanRequests(read('v70-filter-sshd-with-backlog.json'), config);
    if (report.kind !== 'event') throw new Error('expected an event');
    expect(report.requests[0]).toMatchObject({ durationMs: 7_200_000 });
    expect(report.requests[0]?.reportOnly).toBeUndefined();
    expect(report.detail['override']).toBe(1);
  });
});

describe('bodies that are not Graylog notifications → GRAYLOG_BODY_INVALID naming the field', () => {
  const p04 = () =>
    JSON.parse(read('v70-filter-sshd-with-backlog.json')) as Record<string, unknown>;
  const event = (body: Record<string, unknown>) => body['event'] as Record<string, unknown>;
  const p06 = read('v2-default-template-with-backlog.txt');

  const cases: [string, () => string, string][] = [
    ['not JSON', () => 'event=1&ip=203.0.113.9', 'body'],
    ['empty body', () => '', 'body'],
    ['a JSON array', () => '[]', 'body'],
    ['JSON null', () => 'null', 'body'],
    ['a generic ban request', () => '{"ip":"203.0.113.9"}', 'event'],
    [
      'missing event_definition_title',
      () => {
        const b = p04();
        delete b['event_definition_title'];
        return JSON.stringify(b);
      },
      'event_definition_title',
    ],
    [
      'missing backlog',
      () => {
        const b = p04();
        delete b['backlog'];
        return JSON.stringify(b);
      },
      'backlog',
    ],
    [
      'event.fields value that is not a string',
      () => {
        const b = p04();
        event(b)['fields'] = { src_ip: 3405803785 };
        return JSON.stringify(b);
      },
      'event.fields.src_ip',
    ],
    [
      'event.timestamp that is not a date-time',
      () => {
        const b = p04();
        event(b)['timestamp'] = 'yesterday';
        return JSON.stringify(b);
      },
      'event.timestamp',
    ],
    [
      'event.key missing',
      () => {
        const b = p04();
        delete event(b)['key'];
        return JSON.stringify(b);
      },
      'event.key',
    ],
    [
      'empty event_definition_id',
      () => {
        const b = p04();
        b['event_definition_id'] = '';
        return JSON.stringify(b);
      },
      'event_definition_id',
    ],
    [
      'backlog entry without message',
      () => {
        const b = p04();
        b['backlog'] = [{ id: 'x' }];
        return JSON.stringify(b);
      },
      'backlog[0].message',
    ],
    [
      'trailing comma in a model body (not where the default template puts it)',
      () => JSON.stringify(p04(), null, 2).replace(/\n {2}\]\n\}$/, ',\n  ]\n}'),
      'backlog',
    ],
    ['two trailing commas', () => p06.replace(/\},\n {2}\]/, '},,\n  ]'), 'body'],
    [
      'a trailing comma elsewhere too',
      () => p06.replace('"event_priority": "2",', '"event_priority": "2",,'),
      'body',
    ],
    ['a trailing comma after the last member', () => p06.replace(/\]\n\}\s*$/, '],\n}'), 'body'],
    [
      'default template without event_key',
      () => p06.replace(/ {2}"event_key": "[^"]*",\n/, ''),
      'event_key',
    ],
  ];

  for (const [name, body, field] of cases) {
    it(name, () => {
      const error = rejection(body());
      expect(error.code).toBe('GRAYLOG_BODY_INVALID');
      expect(error.status).toBe(400);
      expect(error.field).toBe(field);
      expect(error.message).toContain(field === 'body' ? '' : field);
    });
  }

  it('tolerates null where Graylog sends null', () => {
    const b = p04();
    Object.assign(event(b), {
      origin_context: null,
      timerange_start: null,
      timerange_end: null,
      replay_info: null,
      aggregation_conditions: null,
      message: null,
      key: null,
    });
    b['event_definition_description'] = null;
    expect(graylogToBanRequests(JSON.stringify(b), defaults).kind).toBe('event');
  });

  it('accepts a UTF-8 byte order mark', () => {
    expect(
      graylogToBanRequests(`\ufeff${read('v40-filter-event-field-spec.json')}`, defaults).kind,
    ).toBe('event');
  });
});
