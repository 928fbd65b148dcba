import { isObject, type Json } from '../../core/json.js';
import { compare, V } from './versions.js';
import { checkList, checkVersionedKeys, since, type PackScope } from './scope.js';
import { checkKnownKeys, checkValueRef } from './value-refs.js';

/** `StreamRule` types by enum name (graylog2-server `plugin/streams/StreamRuleType.java`). */
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

/** StreamEntity keys (graylog2-server `contentpacks/model/entities/StreamEntity.java`). */
const STREAM_FIELDS: Record<string, string | undefined> = {
  title: undefined,
  description: undefined,
  disabled: undefined,
  matching_type: undefined,
  stream_rules: undefined,
  alert_conditions: undefined,
  alarm_callbacks: undefined,
  outputs: undefined,
  default_stream: undefined,
  remove_matches: undefined,
  favorite_fields: '7.1.0',
};

/**
 * `stream` entities: StreamEntity (@JsonCreator: every key not @Nullable is required), rules
 * StreamRuleEntity (every key required, 5.0–HEAD), installed by
 * `contentpacks/facades/StreamFacade.java`.
 */
export function checkStream(scope: PackScope, data: Json): void {
  checkVersionedKeys(scope, 'data', data, STREAM_FIELDS);
  checkValueRef(scope, 'data.title', data['title'], 'string');
  // Required in 5.0–6.x, @Nullable from 7.0.0 (StreamEntity.description()).
  checkValueRef(scope, 'data.description', data['description'], 'string', {
    required: compare(scope.minVersion, V('7.0.0')) < 0,
  });
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
      // StreamFacade copies the rule value as it is: the exporting server's input id.
      scope.report(
        'match-input',
        `${at}.type`,
        "MATCH_INPUT keeps the exporting server's input id; route by a static field of the input instead",
        'warning',
      );
    }
  });
  // 7.0.0 StreamFacade asks streamService.isSystemStream() with the entity id as an ObjectId;
  // 7.0.1 added an ObjectId.isValid guard (graylog2-server PRs #24150, #24167).
  if (!/^[0-9a-f]{24}$/.test(scope.entity.id) && compare(scope.minVersion, V('7.0.1')) < 0) {
    scope.report(
      'stream-id-objectid',
      'id',
      'Graylog 7.0.0 looks stream entity ids up as ObjectIds and fails on others; use 24 hex digits',
      'warning',
    );
  }
}

/**
 * `stream_title` entities (a reference to an existing stream by its title): model type
 * `ModelTypes.STREAM_REF_V1`, `StreamReferenceEntity`, `StreamReferenceFacade`, all added in
 * 5.2.3 — before that the type has no facade and the install fails.
 */
export function checkStreamTitle(scope: PackScope, data: Json): void {
  since(scope, 'type.name', true, '5.2.3');
  checkKnownKeys(scope, 'data', data, ['title']);
  checkValueRef(scope, 'data.title', data['title'], 'string', { nonEmpty: true });
}
