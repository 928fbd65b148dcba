import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkContentPack,
  formatProblem,
  renderContentPack,
  type PackProblem,
} from '../../src/content-pack/index.js';
import { packText, SHIPPED_PACKS } from './write-shipped-packs.js';

type Json = Record<string, any>;
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** Every rule some test below trips (checked against the checker's source at the end). */
const covered = new Set<string>();
const readJson = (path: string): Json => JSON.parse(readFileSync(here(path), 'utf8')) as Json;
const shipped = () => readJson('../../graylog-content-pack/banbridge.json');
const entityOf = (pack: Json, type: string, index = 0): Json =>
  (pack['entities'] as Json[]).filter((e) => e['type']['name'] === type)[index] as Json;

describe('shipped packs', () => {
  for (const [file, build] of Object.entries(SHIPPED_PACKS)) {
    it(`${file} is what the builder writes (regenerate: npx tsx test/content-pack/write-shipped-packs.ts)`, () => {
      expect(readFileSync(here(`../../graylog-content-pack/${file}`), 'utf8')).toBe(
        packText(build()),
      );
    });
    it(`${file} passes the checker without a single problem`, () => {
      const result = checkContentPack(readJson(`../../graylog-content-pack/${file}`));
      expect(result.problems.map(formatProblem)).toEqual([]);
      expect(result.valid).toBe(true);
    });
  }

  it('banbridge.json targets 5.0+ and banbridge-v2-graylog6.json 6.0.6+ (JSON-safe escaping)', () => {
    expect(checkContentPack(shipped()).minVersion).toBe('5.0.0');
    expect(
      checkContentPack(readJson('../../graylog-content-pack/banbridge-v2-graylog6.json'))
        .minVersion,
    ).toBe('6.0.6');
  });

  it('follows the 5.0 compatibility recipe (docs/graylog.md)', () => {
    const pack = shipped();
    for (const entity of pack['entities'] as Json[]) {
      expect(entity['constraints']).toEqual([{ type: 'server-version', version: '>=5.0.0' }]);
    }
    for (const type of ['stream']) {
      for (const entity of (pack['entities'] as Json[]).filter((e) => e['type']['name'] === type)) {
        expect(entity['id']).toMatch(/^[0-9a-f]{24}$/);
      }
    }
    const event = entityOf(pack, 'event_definition')['data'];
    expect(event['config']['series']).toEqual([
      { id: 'count-src_ip', function: 'count', field: null },
    ]);
    expect(event['key_spec']).toEqual(['src_ip']);
    expect(event['config']['group_by']).toEqual(['src_ip']);
    expect(Object.keys(event['field_spec'])).toEqual(['src_ip']);
    expect((pack['entities'] as Json[]).some((e) => e['type']['name'] === 'grok_pattern')).toBe(
      false,
    );
    const input = entityOf(pack, 'input')['data'];
    expect(input['configuration']['port']).toEqual({
      '@type': 'parameter',
      '@value': 'SERVERS_SYSLOG_PORT',
    });
    const parameter = (pack['parameters'] as Json[]).find(
      (p) => p['name'] === 'SERVERS_SYSLOG_PORT',
    );
    expect(parameter).toMatchObject({ type: 'integer', default_value: 5140 });
    expect(entityOf(pack, 'notification')['data']['config']).toEqual({
      type: 'http-notification-v1',
      url: { '@type': 'parameter', '@value': 'BANBRIDGE_URL' },
    });
  });
});

describe('rendered packs', () => {
  it('v1: token in ?token=, allowlisted by an anchored regex that does not copy the token', () => {
    const pack = renderContentPack({
      url: 'https://bb.example:8443/v1/graylog',
      token: 's3cr:et',
      id: 'x',
    });
    expect(checkContentPack(pack).problems).toEqual([]);
    expect(entityOf(pack, 'notification')['data']['config']['url']['@value']).toBe(
      'https://bb.example:8443/v1/graylog?token=s3cr%3Aet',
    );
    const allow = entityOf(pack, 'url_whitelist_entry')['data'];
    expect(allow).toMatchObject({
      type: 'regex',
      value: '^https://bb\\.example:8443/v1/graylog\\?token=[A-Za-z0-9._~%-]+$',
    });
    expect(JSON.stringify(allow)).not.toContain('s3cr');
    expect(
      new RegExp(allow['value']).test('https://bb.example:8443/v1/graylog?token=s3cr%3Aet'),
    ).toBe(true);
    expect(new RegExp(allow['value']).test('https://bbXexample:8443/v1/graylog?token=a')).toBe(
      false,
    );
    expect(pack['parameters']).toEqual([]);
  });

  it('v2: token in an Authorization header, literal allowlist entry, 6.0.6+', () => {
    const pack = renderContentPack({
      url: 'http://10.0.0.2:8080/v1/graylog',
      token: 'abc',
      v2: true,
      id: 'y',
    });
    const result = checkContentPack(pack);
    expect(result.problems).toEqual([]);
    expect(result.minVersion).toBe('6.0.6');
    const config = entityOf(pack, 'notification')['data']['config'];
    expect(config['headers']['@value']).toBe('Authorization: Bearer abc');
    expect(config['url']['@value']).toBe('http://10.0.0.2:8080/v1/graylog');
    expect(entityOf(pack, 'url_whitelist_entry')['data']).toMatchObject({
      type: 'literal',
      value: 'http://10.0.0.2:8080/v1/graylog',
    });
  });

  it('without a token, and with custom ports and thresholds', () => {
    const pack = renderContentPack({
      url: 'http://10.0.0.2:8080/v1/graylog',
      serversPort: 1514,
      ssh: { count: 3, windowMinutes: 5 },
      id: 'z',
    });
    expect(checkContentPack(pack).problems).toEqual([]);
    expect(entityOf(pack, 'input')['data']['configuration']['port']).toEqual({
      '@type': 'integer',
      '@value': 1514,
    });
    const config = entityOf(pack, 'event_definition')['data']['config'];
    expect(config['conditions']['expression']['right']).toEqual({ expr: 'number', value: 3 });
    expect(config['search_within_ms']).toBe(300_000);
  });
});

describe('real exported packs (test/fixtures/graylog/content-packs)', () => {
  const cases: [string, string, string[]][] = [
    ['cp01-real-graylog-training-5.2.6-event-definitions-stream-title.json', '5.2.6', []],
    ['cp02-real-graylog-training-7.0.1-event-definition.json', '7.0.1', []],
    [
      'cp03-real-graylog-training-5.1.4-syslog-inputs-static-fields-streams.json',
      '5.1.4',
      ['stream-id-objectid'],
    ],
    ['cp04-real-graylog-training-6.0.0rc4-syslog-tcp-gelf-inputs.json', '6.0.0', []],
    [
      'cp05-real-lephisto-3.1.3-syslog-udp-openssh-grok-extractors-stream.json',
      '5.0.0',
      ['pre-5.0-range', 'grok-built-in', 'stream-id-objectid'],
    ],
    [
      'cp06-real-zionio-3.2.4-fail2ban-pipeline-rules-grok.json',
      '5.0.0',
      ['pre-5.0-range', 'grok-built-in'],
    ],
    [
      'cp07-real-enowon-4.3.15-email-notifications-event-definitions.json',
      '5.0.0',
      ['pre-5.0-range', 'not-checked', 'stream-id-objectid'],
    ],
    [
      'cp08-real-fjagwitz-6.0.0-rdp-monitoring-stream-titles-lookups.json',
      '6.0.0',
      ['not-checked'],
    ],
  ];
  for (const [file, minVersion, warnings] of cases) {
    it(`${file}: valid from ${minVersion}, warnings ${warnings.join(', ') || 'none'}`, () => {
      const result = checkContentPack(readJson(`../fixtures/graylog/content-packs/${file}`));
      expect(result.problems.filter((p) => p.severity === 'error').map(formatProblem)).toEqual([]);
      expect(result.valid).toBe(true);
      expect(result.minVersion).toBe(minVersion);
      expect([...new Set(result.problems.map((p) => p.rule))].sort()).toEqual([...warnings].sort());
      for (const rule of warnings) covered.add(rule);
    });
  }
});

/** A reference to an existing stream by title (model type of 5.2.3+). */
const streamTitle = (): Json => ({
  v: '1',
  type: { name: 'stream_title', version: '1' },
  id: '65f0000000000000000000bb',
  data: { title: { '@type': 'string', '@value': 'Default Stream' } },
  constraints: [],
});

/** One broken example per install rule; each must name the entity and the field. */
describe('rejects a broken pack for each rule', () => {
  type Breaker = (pack: Json) => void;
  const at =
    (type: string, index = 0) =>
    (pack: Json) =>
      entityOf(pack, type, index);
  const input = at('input');
  const stream = at('stream');
  const event = at('event_definition');
  const notification = at('notification');

  const cases: [string, Breaker, { rule: string; field: string; entity?: string }][] = [
    ['envelope without v', (p) => delete p['v'], { rule: 'envelope', field: 'v' }],
    ['blank pack id', (p) => (p['id'] = ' '), { rule: 'envelope', field: 'id' }],
    ['rev as a string', (p) => (p['rev'] = '1'), { rule: 'envelope', field: 'rev' }],
    ['missing vendor', (p) => delete p['vendor'], { rule: 'envelope', field: 'vendor' }],
    [
      'unknown top-level property',
      (p) => (p['author'] = 'x'),
      { rule: 'unknown-property', field: 'author' },
    ],
    [
      'parameter with an unknown type',
      (p) => (p['parameters'][1]['type'] = 'int'),
      { rule: 'parameter', field: 'parameters[1].type' },
    ],
    [
      'parameter default of the wrong type',
      (p) => (p['parameters'][1]['default_value'] = '5140'),
      { rule: 'parameter', field: 'parameters[1].default_value' },
    ],
    [
      'entity without constraints',
      (p) => delete input(p)['constraints'],
      { rule: 'entity-wrapper', field: 'constraints', entity: 'input' },
    ],
    [
      'entity v missing',
      (p) => delete input(p)['v'],
      { rule: 'entity-wrapper', field: 'v', entity: 'input' },
    ],
    [
      'unreadable server-version range',
      (p) => (input(p)['constraints'][0]['version'] = 'five'),
      { rule: 'constraint', field: 'constraints[0].version', entity: 'input' },
    ],
    [
      'unknown entity type',
      (p) => (input(p)['type']['name'] = 'inputs'),
      { rule: 'entity-type', field: 'type.name', entity: 'inputs' },
    ],
    [
      'duplicate (type, id)',
      (p) => (at('stream', 1)(p)['id'] = stream(p)['id']),
      { rule: 'duplicate-entity', field: 'id', entity: 'stream' },
    ],
    [
      'stream without title',
      (p) => delete stream(p)['data']['title'],
      { rule: 'stream-title', field: 'data.title', entity: 'stream' },
    ],
    [
      'plain JSON where a value reference is required',
      (p) => (input(p)['data']['global'] = true),
      { rule: 'value-reference', field: 'data.global', entity: 'input' },
    ],
    [
      'value reference of the wrong type',
      (p) => (stream(p)['data']['disabled'] = { '@type': 'string', '@value': 'false' }),
      { rule: 'value-type', field: 'data.disabled', entity: 'stream' },
    ],
    [
      'undeclared parameter',
      (p) => (notification(p)['data']['config']['url']['@value'] = 'URL'),
      { rule: 'parameter-undeclared', field: 'data.config.url', entity: 'notification' },
    ],
    [
      'parameter of the wrong type',
      (p) => (notification(p)['data']['config']['url']['@value'] = 'SERVERS_SYSLOG_PORT'),
      { rule: 'parameter-type', field: 'data.config.url', entity: 'notification' },
    ],
    [
      'port as a string',
      (p) => (input(p)['data']['configuration']['port'] = { '@type': 'string', '@value': '5140' }),
      { rule: 'input-port', field: 'data.configuration.port', entity: 'input' },
    ],
    [
      'syslog input without bind_address',
      (p) => delete input(p)['data']['configuration']['bind_address'],
      { rule: 'input-config', field: 'data.configuration.bind_address', entity: 'input' },
    ],
    [
      'null inside a configuration map',
      (p) =>
        (input(p)['data']['configuration']['override_source'] = {
          '@type': 'string',
          '@value': null,
        }),
      { rule: 'reference-map-null', field: 'data.configuration.override_source', entity: 'input' },
    ],
    [
      'float inside a configuration map',
      (p) => (input(p)['data']['configuration']['x'] = { '@type': 'float', '@value': 1.5 }),
      { rule: 'reference-map-float', field: 'data.configuration.x', entity: 'input' },
    ],
    [
      'double without a fraction',
      (p) => (input(p)['data']['configuration']['x'] = { '@type': 'double', '@value': 1 }),
      { rule: 'reference-map-double', field: 'data.configuration.x', entity: 'input' },
    ],
    [
      'static field with a bad name',
      (p) => (input(p)['data']['static_fields']['bad name'] = { '@type': 'string', '@value': 'x' }),
      { rule: 'static-field-name', field: 'data.static_fields.bad name', entity: 'input' },
    ],
    [
      'empty static field value',
      (p) => (input(p)['data']['static_fields']['banbridge_input']['@value'] = ''),
      { rule: 'value-empty', field: 'data.static_fields.banbridge_input', entity: 'input' },
    ],
    [
      'extractor type in lower case',
      (p) => (input(p)['data']['extractors'][0]['type']['@value'] = 'regex'),
      { rule: 'enum-name', field: 'data.extractors[0].type', entity: 'input' },
    ],
    [
      'extractor writing a reserved field',
      (p) => (input(p)['data']['extractors'][0]['target_field']['@value'] = '_id'),
      { rule: 'reserved-field', field: 'data.extractors[0].target_field', entity: 'input' },
    ],
    [
      'REGEX extractor without regex_value',
      (p) => delete input(p)['data']['extractors'][0]['configuration']['regex_value'],
      {
        rule: 'extractor-config',
        field: 'data.extractors[0].configuration.regex_value',
        entity: 'input',
      },
    ],
    [
      'extractors not a list',
      (p) => (input(p)['data']['extractors'] = null),
      { rule: 'list-required', field: 'data.extractors', entity: 'input' },
    ],
    [
      'stream rule type not a Java enum name',
      (p) => (stream(p)['data']['stream_rules'][1]['type']['@value'] = 'presence'),
      { rule: 'enum-name', field: 'data.stream_rules[1].type', entity: 'stream' },
    ],
    [
      'stream without description',
      (p) => delete stream(p)['data']['description'],
      { rule: 'value-required', field: 'data.description', entity: 'stream' },
    ],
    [
      'stream field of 7.1 in a 5.0 pack',
      (p) => (stream(p)['data']['favorite_fields'] = []),
      { rule: 'field-too-new', field: 'data.favorite_fields', entity: 'stream' },
    ],
    [
      'unknown property in entity data',
      (p) => (stream(p)['data']['rules'] = []),
      { rule: 'unknown-property', field: 'data.rules', entity: 'stream' },
    ],
    [
      'v1 notification with basic_auth',
      (p) => (notification(p)['data']['config']['basic_auth'] = 'u:p'),
      { rule: 'unknown-property', field: 'data.config.basic_auth', entity: 'notification' },
    ],
    [
      'v2 notification in a 5.0 pack',
      (p) =>
        Object.assign(
          notification(p)['data']['config'],
          entityOf(
            readJson('../../graylog-content-pack/banbridge-v2-graylog6.json'),
            'notification',
          )['data']['config'],
          {
            url: { '@type': 'string', '@value': 'http://x/' },
            headers: { '@type': 'string', '@value': '' },
          },
        ),
      { rule: 'field-too-new', field: 'data.config.type', entity: 'notification' },
    ],
    [
      'event definition field of 6.0 in a 5.0 pack',
      (p) => (event(p)['data']['remediation_steps'] = { '@type': 'string', '@value': '' }),
      { rule: 'field-too-new', field: 'data.remediation_steps', entity: 'event_definition' },
    ],
    [
      'series in the 5.2 `type` form in a 5.0 pack',
      (p) =>
        (event(p)['data']['config']['series'] = [
          { id: 'count-src_ip', type: 'count', field: null },
        ]),
      { rule: 'field-too-new', field: 'data.config.series[0].type', entity: 'event_definition' },
    ],
    [
      'event_limit (5.2) in a 5.0 pack',
      (p) => (event(p)['data']['config']['event_limit'] = 0),
      { rule: 'field-too-new', field: 'data.config.event_limit', entity: 'event_definition' },
    ],
    [
      'event definition on a stream not in the pack',
      (p) => (event(p)['data']['config']['streams'] = ['65f0000000000000000000aa']),
      { rule: 'missing-stream', field: 'data.config.streams[0]', entity: 'event_definition' },
    ],
    [
      'event definition with a missing notification',
      (p) => (event(p)['data']['notifications'][0]['notification_id']['@value'] = 'nope'),
      {
        rule: 'missing-notification',
        field: 'data.notifications[0].notification_id',
        entity: 'event_definition',
      },
    ],
    [
      'condition on an undefined series',
      (p) => (event(p)['data']['config']['conditions']['expression']['left']['ref'] = 'count-x'),
      {
        rule: 'condition-ref',
        field: 'data.config.conditions.expression',
        entity: 'event_definition',
      },
    ],
    [
      'unknown series function',
      (p) => (event(p)['data']['config']['series'][0]['function'] = 'COUNT'),
      { rule: 'series', field: 'data.config.series[0].function', entity: 'event_definition' },
    ],
    [
      'search_within_ms as a value reference',
      (p) =>
        (event(p)['data']['config']['search_within_ms'] = { '@type': 'long', '@value': 600000 }),
      { rule: 'plain-field', field: 'data.config.search_within_ms', entity: 'event_definition' },
    ],
    [
      'key_spec naming a message field',
      (p) => (event(p)['data']['key_spec'] = ['source']),
      { rule: 'key-spec', field: 'data.key_spec[0]', entity: 'event_definition' },
    ],
    [
      'notification_id as a bare string (no ValueReference can be built from it)',
      (p) =>
        (event(p)['data']['notifications'][0]['notification_id'] = notification(p)['id'] as string),
      {
        rule: 'value-reference',
        field: 'data.notifications[0].notification_id',
        entity: 'event_definition',
      },
    ],
    [
      'series function of 5.2 (percentile) in a 5.0 pack',
      (p) => (event(p)['data']['config']['series'][0]['function'] = 'percentile'),
      {
        rule: 'field-too-new',
        field: 'data.config.series[0].function',
        entity: 'event_definition',
      },
    ],
    [
      'stream_title entity in a 5.0 pack',
      (p) => (p['entities'] as Json[]).push(streamTitle()),
      { rule: 'field-too-new', field: 'type.name', entity: 'stream_title' },
    ],
    [
      'event definition on a stream_title in a 5.0 pack',
      (p) => {
        (p['entities'] as Json[]).push(streamTitle());
        event(p)['data']['config']['streams'] = [streamTitle()['id']];
      },
      { rule: 'field-too-new', field: 'data.config.streams[0]', entity: 'event_definition' },
    ],
    [
      'parameters that are not a list',
      (p) => (p['parameters'] = {}),
      { rule: 'envelope', field: 'parameters' },
    ],
    [
      'aggregation conditions that are not an object',
      (p) => (event(p)['data']['config']['conditions'] = 'count() >= 5'),
      { rule: 'plain-field', field: 'data.config.conditions', entity: 'event_definition' },
    ],
    [
      'entity that is not an object',
      (p) => (p['entities'] as unknown[]).push('input'),
      { rule: 'entity', field: 'entities[8]' },
    ],
    [
      'extractor that is not an object',
      (p) => (input(p)['data']['extractors'][0] = 'REGEX'),
      { rule: 'extractor', field: 'data.extractors[0]', entity: 'input' },
    ],
    [
      'converter that is not an object',
      (p) => (input(p)['data']['extractors'][0]['converters'] = ['NUMERIC']),
      { rule: 'converter', field: 'data.extractors[0].converters[0]', entity: 'input' },
    ],
    [
      'stream rule that is not an object',
      (p) => (stream(p)['data']['stream_rules'][0] = 'EXACT'),
      { rule: 'stream-rule', field: 'data.stream_rules[0]', entity: 'stream' },
    ],
    [
      'priority as a string',
      (p) => (event(p)['data']['priority'] = { '@type': 'string', '@value': '2' }),
      { rule: 'value-type', field: 'data.priority', entity: 'event_definition' },
    ],
  ];

  for (const [name, breakIt, want] of cases) {
    it(name, () => {
      const pack = shipped();
      breakIt(pack);
      const result = checkContentPack(pack);
      expect(result.valid).toBe(false);
      const match = result.problems.find(
        (p: PackProblem) => p.rule === want.rule && p.field === want.field,
      );
      covered.add(want.rule);
      expect(match, result.problems.map(formatProblem).join('\n')).toBeDefined();
      expect(match?.severity).toBe('error');
      if (want.entity !== undefined) {
        expect(match?.entity?.type).toBe(want.entity);
        expect(match?.entity?.id).toEqual(expect.any(String));
      }
    });
  }

  it('names the entity by id, type and title in the formatted line', () => {
    const pack = shipped();
    delete stream(pack)['data']['description'];
    const line = checkContentPack(pack).problems.map(formatProblem)[0];
    expect(line).toBe(
      'error: stream 62616e627269646765000001 "banbridge: sshd authentication failures" data.description: is required (a {"@type":"string","@value":…} reference) [value-required]',
    );
  });

  it('reports a stream with a UUID id as a 7.0.0-only warning', () => {
    const pack = shipped();
    const old = stream(pack)['id'];
    stream(pack)['id'] = '2a4fbcfc-496d-450e-8286-c33463a30da3';
    for (const e of (pack['entities'] as Json[]).filter(
      (x) => x['type']['name'] === 'event_definition',
    )) {
      e['data']['config']['streams'] = e['data']['config']['streams'].map((s: string) =>
        s === old ? stream(pack)['id'] : s,
      );
    }
    const result = checkContentPack(pack);
    expect(result.valid).toBe(true);
    expect(result.problems.map((p) => [p.rule, p.severity])).toEqual([
      ['stream-id-objectid', 'warning'],
    ]);
    covered.add('stream-id-objectid');
  });

  it('warns about a re-exported built-in grok pattern', () => {
    const pack = shipped();
    (pack['entities'] as Json[]).push({
      v: '1',
      type: { name: 'grok_pattern', version: '1' },
      id: 'g1',
      data: { name: 'IPV4', pattern: '.*' },
      constraints: [],
    });
    const problem = checkContentPack(pack).problems.find((p) => p.rule === 'grok-built-in');
    covered.add('grok-built-in');
    expect(problem).toMatchObject({
      severity: 'warning',
      field: 'data.name',
      entity: { id: 'g1', type: 'grok_pattern', title: 'IPV4' },
    });
    // Any of Graylog's 76 default patterns, not only common ones; a pattern of one's own is fine.
    const named = (name: string) => {
      const copy = shipped();
      (copy['entities'] as Json[]).push({
        v: '1',
        type: { name: 'grok_pattern', version: '1' },
        id: 'g2',
        data: { name, pattern: '.*' },
        constraints: [],
      });
      return checkContentPack(copy).problems.some((p) => p.rule === 'grok-built-in');
    };
    for (const name of ['IPORHOST', 'SYSLOGTIMESTAMP', 'HTTPDATE', 'QS', 'DATESTAMP_EVENTLOG'])
      expect(named(name), name).toBe(true);
    expect(named('BANBRIDGE_SSHD')).toBe(false);
  });

  it('takes a JSON array in a configuration map (a ReferenceList) and checks its entries', () => {
    const withList = (entries: unknown[]) => {
      const pack = shipped();
      const input = (pack['entities'] as Json[]).find((e) => e['type']['name'] === 'input') as Json;
      input['data']['configuration']['banbridge_list'] = entries;
      return checkContentPack(pack).problems.filter((p) => p.severity === 'error');
    };
    expect(withList([{ '@type': 'string', '@value': 'a' }])).toEqual([]);
    expect(withList([{ '@type': 'string', '@value': 'a' }, 'bare'])).toEqual([
      expect.objectContaining({
        rule: 'value-reference',
        field: 'data.configuration.banbridge_list[1]',
      }),
    ]);
  });

  it('is not JSON object → one envelope error', () => {
    expect(checkContentPack([]).valid).toBe(false);
  });
});

describe('version gates and defaults that are not errors', () => {
  const event = (pack: Json) => entityOf(pack, 'event_definition');
  const atLeast = (pack: Json, version: string) => {
    for (const e of pack['entities'] as Json[])
      e['constraints'] = [{ type: 'server-version', version: `>=${version}` }];
  };

  it('a stream without description from 7.0.0 (@Nullable there, required before)', () => {
    const pack = shipped();
    delete entityOf(pack, 'stream')['data']['description'];
    atLeast(pack, '7.0.0');
    expect(checkContentPack(pack).problems.map(formatProblem)).toEqual([]);
    atLeast(pack, '6.3.0');
    expect(checkContentPack(pack).valid).toBe(false);
  });

  it('a pack without `parameters` (ContentPackV1 defaults it to an empty set)', () => {
    const pack = renderContentPack({ url: 'http://10.0.0.2:8080/v1/graylog', id: 'p' });
    delete pack['parameters'];
    expect(checkContentPack(pack).problems).toEqual([]);
  });

  it('an aggregation without `conditions` (an Optional in AggregationEventProcessorConfigEntity)', () => {
    const pack = shipped();
    delete event(pack)['data']['config']['conditions'];
    expect(checkContentPack(pack).problems.map(formatProblem)).toEqual([]);
  });

  it('latest, percentage and percentile from 5.2.0, in either series form', () => {
    const pack = shipped();
    atLeast(pack, '5.2.0');
    event(pack)['data']['config']['series'] = [
      { id: 'a', function: 'latest', field: 'src_ip' },
      { id: 'b', type: 'percentile', field: 'x', percentile: 95 },
    ];
    delete event(pack)['data']['config']['conditions'];
    expect(checkContentPack(pack).problems.map(formatProblem)).toEqual([]);
  });

  it('stream_title entities and references from 5.2.3, not from 5.2.2', () => {
    const pack = shipped();
    (pack['entities'] as Json[]).push(streamTitle());
    event(pack)['data']['config']['streams'] = [streamTitle()['id']];
    atLeast(pack, '5.2.3');
    expect(checkContentPack(pack).problems.map(formatProblem)).toEqual([]);
    atLeast(pack, '5.2.2');
    expect(checkContentPack(pack).problems.map((p) => [p.rule, p.field])).toEqual([
      ['field-too-new', 'data.config.streams[0]'],
      ['field-too-new', 'type.name'],
    ]);
  });

  it('a real export with notifications (cp07) turns invalid when notification_id is a bare string', () => {
    const pack = readJson(
      '../fixtures/graylog/content-packs/cp07-real-enowon-4.3.15-email-notifications-event-definitions.json',
    );
    const handler = entityOf(pack, 'event_definition')['data']['notifications'][0];
    expect(handler['notification_id']).toMatchObject({ '@type': 'string' });
    expect(checkContentPack(pack).valid).toBe(true);
    handler['notification_id'] = handler['notification_id']['@value'];
    expect(checkContentPack(pack).problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({
        rule: 'value-reference',
        field: 'data.notifications[0].notification_id',
      }),
    ]);
  });

  describe('Custom HTTP Notification escaping (warnings)', () => {
    const v2 = () => readJson('../../graylog-content-pack/banbridge-v2-graylog6.json');
    const config = (pack: Json) => entityOf(pack, 'notification')['data']['config'];
    it('a JSON body template on a pack admitting 6.0.0–6.0.5', () => {
      const pack = v2();
      atLeast(pack, '6.0.0');
      expect(checkContentPack(pack).problems).toEqual([
        expect.objectContaining({
          rule: 'v2-unescaped',
          severity: 'warning',
          field: 'data.config.body_template',
        }),
      ]);
      covered.add('v2-unescaped');
    });
    it('a PLAIN_TEXT body template on any version', () => {
      const pack = v2();
      config(pack)['content_type']['@value'] = 'PLAIN_TEXT';
      expect(checkContentPack(pack).problems).toEqual([
        expect.objectContaining({
          rule: 'v2-unescaped',
          severity: 'warning',
          field: 'data.config.content_type',
        }),
      ]);
    });
  });
});

describe('warnings', () => {
  it('a MATCH_INPUT stream rule (input ids are not translated on install)', () => {
    const pack = shipped();
    entityOf(pack, 'stream')['data']['stream_rules'][0]['type']['@value'] = 'MATCH_INPUT';
    expect(checkContentPack(pack).problems).toEqual([
      expect.objectContaining({ rule: 'match-input', severity: 'warning' }),
    ]);
    covered.add('match-input');
  });

  it('a pack without any server-version constraint', () => {
    const pack = shipped();
    for (const e of pack['entities'] as Json[]) e['constraints'] = [];
    expect(checkContentPack(pack).problems).toEqual([
      expect.objectContaining({ rule: 'no-server-version', severity: 'warning' }),
    ]);
    covered.add('no-server-version');
  });

  it('every rule of the checker is tripped by a test in this file', () => {
    const dir = here('../../src/content-pack/check/');
    const rules = new Set<string>();
    for (const file of readdirSync(dir)) {
      const source = readFileSync(dir + file, 'utf8');
      for (const m of source.matchAll(/\b(?:report|envelopeReport)\(\s*'([a-z0-9-]+)'/g))
        rules.add(m[1] as string);
      for (const m of source.matchAll(/\brule: '([a-z0-9-]+)'/g)) rules.add(m[1] as string);
    }
    expect(rules.size).toBeGreaterThan(30);
    expect([...rules].filter((rule) => !covered.has(rule)).sort()).toEqual([]);
  });
});
