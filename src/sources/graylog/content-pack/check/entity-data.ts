import { compare, show, V, type Version } from './versions.js';
import {
  checkKnownKeys,
  checkReferenceMapValue,
  checkValueRef,
  isObject,
  type EntityScope,
  type Json,
} from './value-refs.js';

/** What entity checks know about the rest of the pack. */
export interface PackScope extends EntityScope {
  /** Lowest Graylog version the pack's constraints admit. */
  minVersion: Version;
  /** Pack-local ids of stream and stream_title entities. */
  streamIds: ReadonlySet<string>;
  notificationIds: ReadonlySet<string>;
}

const SYSTEM_STREAMS = new Set([
  '000000000000000000000001',
  '000000000000000000000002',
  '000000000000000000000003',
]);
const RESERVED_FIELDS = ['_id', '_index', '_type', '_score', '_ttl', '_source', '_all'];

/** A field added in `version`: unknown (install fails) on the older versions the pack admits. */
function since(scope: PackScope, field: string, present: boolean, version: string): void {
  if (present && compare(scope.minVersion, V(version)) < 0) {
    scope.report(
      'field-too-new',
      field,
      `is unknown before Graylog ${version} and fails the install there; the pack's server-version constraint admits ${show(scope.minVersion)}`,
    );
  }
}

function checkList(scope: PackScope, field: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) {
    scope.report('list-required', field, 'is required and must be a list ([] when empty)');
    return [];
  }
  return value;
}

// ---------------------------------------------------------------------------- input

const EXTRACTOR_TYPES = [
  'SUBSTRING',
  'REGEX',
  'REGEX_REPLACE',
  'SPLIT_AND_INDEX',
  'COPY_INPUT',
  'GROK',
  'JSON',
  'LOOKUP_TABLE',
];

function checkExtractor(scope: PackScope, field: string, extractor: unknown): void {
  if (!isObject(extractor)) return scope.report('extractor', field, 'must be an object');
  const known = [
    'title',
    'type',
    'cursor_strategy',
    'source_field',
    'target_field',
    'condition_type',
    'condition_value',
    'order',
    'configuration',
    'converters',
  ];
  checkKnownKeys(scope, field, extractor, known);
  checkValueRef(scope, `${field}.title`, extractor['title'], 'string');
  const type = checkValueRef(scope, `${field}.type`, extractor['type'], 'string', {
    enumValues: EXTRACTOR_TYPES,
  });
  checkValueRef(scope, `${field}.cursor_strategy`, extractor['cursor_strategy'], 'string', {
    enumValues: ['COPY', 'CUT'],
  });
  checkValueRef(scope, `${field}.source_field`, extractor['source_field'], 'string');
  const target = checkValueRef(scope, `${field}.target_field`, extractor['target_field'], 'string');
  if (typeof target === 'string' && RESERVED_FIELDS.includes(target)) {
    scope.report('reserved-field', `${field}.target_field`, `"${target}" is a reserved field`);
  }
  checkValueRef(scope, `${field}.condition_type`, extractor['condition_type'], 'string', {
    enumValues: ['NONE', 'STRING', 'REGEX'],
  });
  checkValueRef(scope, `${field}.condition_value`, extractor['condition_value'], 'string');
  checkValueRef(scope, `${field}.order`, extractor['order'], 'integer');
  const configuration = extractor['configuration'];
  if (!isObject(configuration)) {
    scope.report('value-required', `${field}.configuration`, 'is required (a configuration map)');
  } else {
    for (const [key, value] of Object.entries(configuration))
      checkReferenceMapValue(scope, `${field}.configuration.${key}`, value);
    const wants = (key: string, expected: 'string' | 'integer' | 'boolean', required = true) => {
      const entry = configuration[key];
      if (entry === undefined) {
        if (required)
          scope.report(
            'extractor-config',
            `${field}.configuration.${key}`,
            `is required for a ${String(type)} extractor`,
          );
        return;
      }
      if (isObject(entry) && entry['@type'] !== 'parameter' && entry['@type'] !== expected) {
        scope.report(
          'extractor-config',
          `${field}.configuration.${key}`,
          `must be ${expected} for a ${String(type)} extractor (cast at install)`,
        );
      }
    };
    if (type === 'REGEX') wants('regex_value', 'string');
    if (type === 'GROK') {
      wants('grok_pattern', 'string');
      wants('named_captures_only', 'boolean', false);
    }
    if (type === 'SPLIT_AND_INDEX') {
      wants('split_by', 'string');
      wants('index', 'integer');
    }
    if (type === 'SUBSTRING') {
      wants('begin_index', 'integer');
      wants('end_index', 'integer');
    }
    if (type === 'REGEX_REPLACE') wants('regex', 'string');
    if (type === 'LOOKUP_TABLE') wants('lookup_table_name', 'string');
  }
  checkList(scope, `${field}.converters`, extractor['converters']).forEach((converter, i) => {
    const at = `${field}.converters[${i}]`;
    if (!isObject(converter)) return scope.report('converter', at, 'must be an object');
    checkValueRef(scope, `${at}.type`, converter['type'], 'string');
    if (!isObject(converter['configuration']))
      scope.report('value-required', `${at}.configuration`, 'is required (a configuration map)');
  });
}

export function checkInput(scope: PackScope, data: Json): void {
  checkKnownKeys(scope, 'data', data, [
    'title',
    'type',
    'global',
    'configuration',
    'static_fields',
    'extractors',
  ]);
  checkValueRef(scope, 'data.title', data['title'], 'string');
  const type = checkValueRef(scope, 'data.type', data['type'], 'string', { nonEmpty: true });
  checkValueRef(scope, 'data.global', data['global'], 'boolean');
  const configuration = data['configuration'];
  if (!isObject(configuration)) {
    scope.report('value-required', 'data.configuration', 'is required (a configuration map)');
  } else {
    for (const [key, value] of Object.entries(configuration))
      checkReferenceMapValue(scope, `data.configuration.${key}`, value);
    const isSyslog =
      typeof type === 'string' && /\.syslog\.(udp|tcp)\.Syslog(UDP|TCP)Input$/.test(type);
    const port = configuration['port'];
    if (isSyslog && port === undefined)
      scope.report('input-config', 'data.configuration.port', 'is required for a syslog input');
    if (isObject(port) && port['@type'] !== 'integer' && port['@type'] !== 'parameter') {
      scope.report(
        'input-port',
        'data.configuration.port',
        'must be an integer reference (a string port fails the mandatory check)',
      );
    }
    if (
      isObject(port) &&
      port['@type'] === 'parameter' &&
      scope.parameters.get(String(port['@value'])) !== 'integer'
    ) {
      scope.report('input-port', 'data.configuration.port', 'must come from an integer parameter');
    }
    if (isSyslog && configuration['bind_address'] === undefined) {
      scope.report(
        'input-config',
        'data.configuration.bind_address',
        'is required for a syslog input',
      );
    }
  }
  const staticFields = data['static_fields'];
  if (!isObject(staticFields)) {
    scope.report('value-required', 'data.static_fields', 'is required ({} when empty)');
  } else {
    for (const [key, value] of Object.entries(staticFields)) {
      const at = `data.static_fields.${key}`;
      if (!/^[A-Za-z0-9._@-]+$/.test(key))
        scope.report(
          'static-field-name',
          at,
          'a static field name may only use A-Z a-z 0-9 . _ @ -',
        );
      if (RESERVED_FIELDS.includes(key))
        scope.report('reserved-field', at, `"${key}" is a reserved field`);
      checkValueRef(scope, at, value, 'string', { nonEmpty: true });
    }
  }
  checkList(scope, 'data.extractors', data['extractors']).forEach((extractor, i) =>
    checkExtractor(scope, `data.extractors[${i}]`, extractor),
  );
}

// ---------------------------------------------------------------------------- streams

const STREAM_RULE_TYPES = [
  'EXACT',
  'REGEX',
  'GREATER',
  'SMALLER',
  'PRESENCE',
  'CONTAINS',
  'ALWAYS_MATCH',
  'MATCH_INPUT',
];

export function checkStream(scope: PackScope, data: Json): void {
  const known = [
    'title',
    'description',
    'disabled',
    'matching_type',
    'stream_rules',
    'alert_conditions',
    'alarm_callbacks',
    'outputs',
    'default_stream',
    'remove_matches',
    'favorite_fields',
  ];
  checkKnownKeys(scope, 'data', data, known);
  since(scope, 'data.favorite_fields', 'favorite_fields' in data, '7.1.0');
  checkValueRef(scope, 'data.title', data['title'], 'string');
  // Nullable at HEAD, required up to 6.x: always send "".
  checkValueRef(scope, 'data.description', data['description'], 'string');
  checkValueRef(scope, 'data.disabled', data['disabled'], 'boolean');
  checkValueRef(scope, 'data.matching_type', data['matching_type'], 'string', {
    enumValues: ['AND', 'OR'],
  });
  checkValueRef(scope, 'data.default_stream', data['default_stream'], 'boolean');
  checkValueRef(scope, 'data.remove_matches', data['remove_matches'], 'boolean');
  for (const list of ['alert_conditions', 'alarm_callbacks', 'outputs'])
    checkList(scope, `data.${list}`, data[list]);
  checkList(scope, 'data.stream_rules', data['stream_rules']).forEach((rule, i) => {
    const at = `data.stream_rules[${i}]`;
    if (!isObject(rule)) return scope.report('stream-rule', at, 'must be an object');
    checkKnownKeys(scope, at, rule, ['type', 'field', 'value', 'inverted', 'description']);
    const type = checkValueRef(scope, `${at}.type`, rule['type'], 'string', {
      enumValues: STREAM_RULE_TYPES,
    });
    checkValueRef(scope, `${at}.field`, rule['field'], 'string');
    checkValueRef(scope, `${at}.value`, rule['value'], 'string');
    checkValueRef(scope, `${at}.inverted`, rule['inverted'], 'boolean');
    checkValueRef(scope, `${at}.description`, rule['description'], 'string');
    if (type === 'MATCH_INPUT') {
      scope.report(
        'match-input',
        `${at}.type`,
        "MATCH_INPUT keeps the exporting server's input id; route by a static field of the input instead",
        'warning',
      );
    }
  });
  if (!/^[0-9a-f]{24}$/.test(scope.entity.id) && compare(scope.minVersion, V('7.0.1')) < 0) {
    scope.report(
      'stream-id-objectid',
      'id',
      'Graylog 7.0.0 looks stream entity ids up as ObjectIds and fails on others; use 24 hex digits',
      'warning',
    );
  }
}

export function checkStreamTitle(scope: PackScope, data: Json): void {
  checkKnownKeys(scope, 'data', data, ['title']);
  checkValueRef(scope, 'data.title', data['title'], 'string', { nonEmpty: true });
}

// ---------------------------------------------------------------------------- notifications

export function checkNotification(scope: PackScope, data: Json): void {
  checkKnownKeys(scope, 'data', data, ['title', 'description', 'config']);
  checkValueRef(scope, 'data.title', data['title'], 'string');
  checkValueRef(scope, 'data.description', data['description'], 'string');
  const config = data['config'];
  if (!isObject(config)) return scope.report('value-required', 'data.config', 'is required');
  const type = config['type'];
  if (type === 'http-notification-v1') {
    checkKnownKeys(
      scope,
      'data.config',
      config,
      ['type', 'url'],
      'an HTTP Notification in a pack has only `url`; set Basic auth or API keys in the UI after install',
    );
    checkValueRef(scope, 'data.config.url', config['url'], 'string', { nonEmpty: true });
  } else if (type === 'http-notification-v2') {
    const fields = [
      'url',
      'skip_tls_verification',
      'method',
      'time_zone',
      'content_type',
      'headers',
      'body_template',
    ];
    checkKnownKeys(
      scope,
      'data.config',
      config,
      ['type', ...fields],
      'a Custom HTTP Notification in a pack has no basic_auth or api_key; send a token in `headers`',
    );
    since(scope, 'data.config.type', true, '6.0.0');
    checkValueRef(scope, 'data.config.url', config['url'], 'string', { nonEmpty: true });
    checkValueRef(
      scope,
      'data.config.skip_tls_verification',
      config['skip_tls_verification'],
      'boolean',
    );
    checkValueRef(scope, 'data.config.method', config['method'], 'string', {
      enumValues: ['POST', 'PUT', 'GET'],
    });
    checkValueRef(scope, 'data.config.time_zone', config['time_zone'], 'string');
    checkValueRef(scope, 'data.config.content_type', config['content_type'], 'string', {
      enumValues: ['JSON', 'FORM_DATA', 'PLAIN_TEXT'],
    });
    checkValueRef(scope, 'data.config.headers', config['headers'], 'string');
    checkValueRef(scope, 'data.config.body_template', config['body_template'], 'string');
  } else if (typeof type !== 'string') {
    scope.report(
      'value-required',
      'data.config.type',
      'is required (a plain string such as "http-notification-v1")',
    );
  } else {
    scope.report(
      'not-checked',
      'data.config.type',
      `notification type "${type}" is not checked by banbridge`,
      'warning',
    );
  }
}

// ---------------------------------------------------------------------------- event definitions

const EVENT_DEFINITION_FIELDS: Record<string, string | undefined> = {
  _scope: undefined,
  title: undefined,
  description: undefined,
  priority: undefined,
  alert: undefined,
  config: undefined,
  field_spec: undefined,
  key_spec: undefined,
  notification_settings: undefined,
  notifications: undefined,
  storage: undefined,
  is_scheduled: undefined,
  updated_at: '5.1.0',
  matched_at: '5.2.0',
  remediation_steps: '6.0.0',
  event_procedure: '6.2.0',
  event_summary_template: '7.1.0',
  tags: '7.2.0',
  tactics_techniques: '7.2.0',
};
const AGGREGATION_FIELDS: Record<string, string | undefined> = {
  type: undefined,
  query: undefined,
  streams: undefined,
  group_by: undefined,
  series: undefined,
  conditions: undefined,
  search_within_ms: undefined,
  execute_every_ms: undefined,
  event_limit: '5.2.0',
  filters: '6.0.0',
  stream_categories: '6.1.0',
  use_cron_scheduling: '6.1.0',
  cron_expression: '6.1.0',
  cron_timezone: '6.1.0',
  query_parameters: '6.2.0',
};
const SERIES_FUNCTIONS = [
  'count',
  'card',
  'avg',
  'min',
  'max',
  'sum',
  'stddev',
  'sumofsquares',
  'variance',
  'latest',
  'percentage',
  'percentile',
];

function checkVersionedKeys(
  scope: PackScope,
  field: string,
  object: Json,
  fields: Record<string, string | undefined>,
): void {
  for (const key of Object.keys(object)) {
    if (!(key in fields))
      scope.report(
        'unknown-property',
        `${field}.${key}`,
        'unknown property: Graylog rejects unknown properties at install time',
      );
    else since(scope, `${field}.${key}`, true, fields[key] ?? '0.0.0');
  }
}

function numberRefs(expression: unknown, out: string[] = []): string[] {
  if (!isObject(expression)) return out;
  if (expression['expr'] === 'number-ref' && typeof expression['ref'] === 'string')
    out.push(expression['ref']);
  for (const value of Object.values(expression)) numberRefs(value, out);
  return out;
}

function checkAggregationConfig(scope: PackScope, config: Json): void {
  checkVersionedKeys(scope, 'data.config', config, AGGREGATION_FIELDS);
  checkValueRef(scope, 'data.config.query', config['query'], 'string');
  checkList(scope, 'data.config.streams', config['streams']).forEach((stream, i) => {
    const at = `data.config.streams[${i}]`;
    if (typeof stream !== 'string')
      return scope.report(
        'plain-field',
        at,
        'must be a plain string (a pack-local stream entity id)',
      );
    if (!scope.streamIds.has(stream) && !SYSTEM_STREAMS.has(stream)) {
      scope.report(
        'missing-stream',
        at,
        `"${stream}" is neither a stream entity of this pack nor a system stream: "Missing Stream for event definition"`,
      );
    }
  });
  checkList(scope, 'data.config.group_by', config['group_by']).forEach((name, i) => {
    if (typeof name !== 'string')
      scope.report('plain-field', `data.config.group_by[${i}]`, 'must be a plain string');
  });
  const seriesIds: string[] = [];
  checkList(scope, 'data.config.series', config['series']).forEach((series, i) => {
    const at = `data.config.series[${i}]`;
    if (!isObject(series)) return scope.report('series', at, 'must be an object');
    if (typeof series['id'] !== 'string')
      scope.report('series', `${at}.id`, 'is required (a plain string)');
    else seriesIds.push(series['id']);
    if ('type' in series && !('function' in series)) {
      since(scope, `${at}.type`, true, '5.2.0');
    } else if (
      typeof series['function'] !== 'string' ||
      !SERIES_FUNCTIONS.includes(series['function'])
    ) {
      scope.report(
        'series',
        `${at}.function`,
        `is required: one of ${SERIES_FUNCTIONS.slice(0, 9).join(', ')}`,
      );
    }
  });
  const conditions = config['conditions'];
  if (!isObject(conditions)) {
    scope.report(
      'value-required',
      'data.config.conditions',
      'is required ({"expression": null} for none)',
    );
  } else {
    for (const ref of numberRefs(conditions['expression'])) {
      if (!seriesIds.includes(ref))
        scope.report(
          'condition-ref',
          'data.config.conditions.expression',
          `refers to series "${ref}", which data.config.series does not define`,
        );
    }
  }
  for (const key of ['search_within_ms', 'execute_every_ms']) {
    const value = config[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      scope.report(
        'plain-field',
        `data.config.${key}`,
        'is required: a positive whole number of milliseconds (plain JSON, not a value reference)',
      );
    }
  }
}

export function checkEventDefinition(scope: PackScope, data: Json): void {
  checkVersionedKeys(scope, 'data', data, EVENT_DEFINITION_FIELDS);
  checkValueRef(scope, 'data._scope', data['_scope'], 'string', { required: false });
  checkValueRef(scope, 'data.title', data['title'], 'string');
  checkValueRef(scope, 'data.description', data['description'], 'string');
  checkValueRef(scope, 'data.priority', data['priority'], 'integer');
  checkValueRef(scope, 'data.alert', data['alert'], 'boolean');
  checkValueRef(scope, 'data.is_scheduled', data['is_scheduled'], 'boolean', { required: false });
  const config = data['config'];
  if (!isObject(config)) scope.report('value-required', 'data.config', 'is required');
  else if (config['type'] === 'aggregation-v1') checkAggregationConfig(scope, config);
  else
    scope.report(
      'not-checked',
      'data.config.type',
      `event processor "${String(config['type'])}" is not checked by banbridge`,
      'warning',
    );

  const fieldSpec = data['field_spec'];
  if (!isObject(fieldSpec))
    scope.report('value-required', 'data.field_spec', 'is required ({} when empty)');
  checkList(scope, 'data.key_spec', data['key_spec']).forEach((name, i) => {
    if (typeof name !== 'string' || !isObject(fieldSpec) || !(name in fieldSpec)) {
      scope.report(
        'key-spec',
        `data.key_spec[${i}]`,
        `"${String(name)}" must name a field of data.field_spec (not a message field)`,
      );
    }
  });
  const settings = data['notification_settings'];
  if (
    !isObject(settings) ||
    !Number.isInteger(settings['grace_period_ms']) ||
    !Number.isInteger(settings['backlog_size'])
  ) {
    scope.report(
      'plain-field',
      'data.notification_settings',
      'is required: {"grace_period_ms": <ms>, "backlog_size": <n>} (plain numbers)',
    );
  }
  checkList(scope, 'data.notifications', data['notifications']).forEach((n, i) => {
    const at = `data.notifications[${i}].notification_id`;
    const id = isObject(n) ? n['notification_id'] : undefined;
    if (typeof id !== 'string')
      scope.report('missing-notification', at, 'is required (a pack-local notification entity id)');
    else if (!scope.notificationIds.has(id))
      scope.report(
        'missing-notification',
        at,
        `"${id}" is not a notification entity of this pack: "Missing notification for event definition"`,
      );
  });
  checkList(scope, 'data.storage', data['storage']);
}

// ---------------------------------------------------------------------------- the rest

/** Patterns Graylog ships; a pack copy with other text fails as a diverging entity. */
const BUILT_IN_GROK = new Set([
  'BASE10NUM',
  'BASE16NUM',
  'DATA',
  'GREEDYDATA',
  'HOSTNAME',
  'HOUR',
  'INT',
  'IP',
  'IPV4',
  'IPV6',
  'ISO8601_TIMEZONE',
  'LOGLEVEL',
  'MINUTE',
  'MONTHDAY',
  'MONTHNUM',
  'NOTSPACE',
  'NUMBER',
  'POSINT',
  'SECOND',
  'SPACE',
  'TIMESTAMP_ISO8601',
  'USERNAME',
  'WORD',
  'YEAR',
  'QUOTEDSTRING',
  'UUID',
  'MAC',
  'URI',
  'PATH',
  'SYSLOGBASE',
  'COMBINEDAPACHELOG',
]);

export function checkGrokPattern(scope: PackScope, data: Json): void {
  checkKnownKeys(scope, 'data', data, ['name', 'pattern']);
  if (typeof data['name'] !== 'string' || data['name'] === '')
    scope.report('plain-field', 'data.name', 'is required (a plain string)');
  if (typeof data['pattern'] !== 'string' || data['pattern'] === '')
    scope.report('plain-field', 'data.pattern', 'is required (a plain string)');
  if (typeof data['name'] === 'string' && BUILT_IN_GROK.has(data['name'])) {
    scope.report(
      'grok-built-in',
      'data.name',
      `re-exports Graylog's built-in pattern ${data['name']}: if its text differs from the server's, the install fails (diverging entity); leave it out`,
      'warning',
    );
  }
}

export function checkUrlAllowlistEntry(scope: PackScope, data: Json, type: string): void {
  if (type === 'url_allowlist_entry') since(scope, 'type.name', true, '7.0.0');
  checkKnownKeys(scope, 'data', data, ['id', 'type', 'title', 'value']);
  for (const key of ['id', 'title', 'value']) {
    if (typeof data[key] !== 'string' || data[key] === '')
      scope.report(
        'plain-field',
        `data.${key}`,
        'is required (a plain string; allowlist entries take no parameters)',
      );
  }
  if (data['type'] !== 'literal' && data['type'] !== 'regex')
    scope.report('plain-field', 'data.type', 'must be "literal" or "regex"');
}

export function checkPipelineRule(scope: PackScope, data: Json): void {
  checkKnownKeys(scope, 'data', data, ['title', 'description', 'source']);
  checkValueRef(scope, 'data.title', data['title'], 'string');
  checkValueRef(scope, 'data.description', data['description'], 'string', { required: false });
  checkValueRef(scope, 'data.source', data['source'], 'string', { nonEmpty: true });
}

export function checkPipeline(scope: PackScope, data: Json): void {
  checkPipelineRule(scope, {
    title: data['title'],
    description: data['description'],
    source: data['source'],
  });
  checkKnownKeys(scope, 'data', data, ['title', 'description', 'source', 'connected_streams']);
  checkList(scope, 'data.connected_streams', data['connected_streams']).forEach((ref, i) => {
    const at = `data.connected_streams[${i}]`;
    const id = checkValueRef(scope, at, ref, 'string');
    if (typeof id === 'string' && !scope.streamIds.has(id) && !SYSTEM_STREAMS.has(id)) {
      scope.report(
        'missing-stream',
        at,
        `"${id}" is neither a stream entity of this pack nor a system stream`,
      );
    }
  });
}
