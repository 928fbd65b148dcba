import { isObject, type Json } from '../../core/json.js';
import { checkList, RESERVED_FIELDS, type PackScope } from './scope.js';
import { checkKnownKeys, checkReferenceMapValue, checkValueRef } from './value-refs.js';

/*
 * `input` entities: graylog2-server `contentpacks/model/entities/InputEntity.java`,
 * `ExtractorEntity.java`, `ConverterEntity.java` (@JsonCreator, every key required, same key
 * set 5.0–HEAD), installed by `contentpacks/facades/InputFacade.java`.
 */

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

/** Extractor `type` = `Extractor.Type` enum names (graylog2-server `plugin/inputs/Extractor.java`). */
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
  // The Extractor constructor throws ReservedFieldException for a target in
  // Message.RESERVED_FIELDS that is not RESERVED_SETTABLE_FIELDS (graylog2-server
  // plugin/inputs/Extractor.java, 5.0–HEAD). That difference is exactly the storage fields of
  // RESERVED_FIELDS below: Message.java builds RESERVED_FIELDS as RESERVED_SETTABLE_FIELDS plus
  // ES_FIELDS (graylog2-server cbcc671, plugin/Message.java; older versions list the same
  // seven beside settable ones).
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

/**
 * Syslog inputs need `bind_address` and an integer `port` (MessageInput.checkConfiguration runs
 * at install, `InputFacade` 5.0–HEAD; `NettyTransport`/`SyslogCodec` config); static fields go
 * through `InputFacade.addStaticField`: the key must pass `Message.validKey` (`[\w.@-]`) and not
 * be a storage field, the value must not be empty.
 */
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
