import { isObject, type Json } from '../../core/json.js';
import { checkAggregationConfig } from './aggregation-config.js';
import { checkList, checkVersionedKeys, type PackScope } from './scope.js';
import { checkValueRef } from './value-refs.js';

/**
 * Keys of graylog2-server `events/contentpack/entities/EventDefinitionEntity.java` (builder) and
 * its superclass `ScopedContentPackEntity` (`_scope`), with the version each appeared in
 * (5.0.0, 5.1.0, 5.2.0, 6.0.0, 6.2.0, 7.1.0 tags; `tags`/`tactics_techniques` only after 7.1).
 */
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

/**
 * `notifications[]`: `EventNotificationHandlerConfigEntity` (5.0–HEAD). `notification_id` is a
 * ValueReference — Graylog's own export writes `ValueReference.of(id)` — naming a notification
 * entity of the pack (`EventNotificationHandlerConfigEntity.toNativeEntity`: "Missing
 * notification (id) for event definition").
 */
function checkNotifications(scope: PackScope, data: Json): void {
  checkList(scope, 'data.notifications', data['notifications']).forEach((handler, i) => {
    const at = `data.notifications[${i}]`;
    if (!isObject(handler)) return scope.report('plain-field', at, 'must be an object');
    const id = checkValueRef(scope, `${at}.notification_id`, handler['notification_id'], 'string');
    if (typeof id === 'string' && !scope.notificationIds.has(id)) {
      scope.report(
        'missing-notification',
        `${at}.notification_id`,
        `"${id}" is not a notification entity of this pack: "Missing notification for event definition"`,
      );
    }
  });
}

/** `event_definition` entities, installed by `events/contentpack/facade/EventDefinitionFacade.java`. */
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

  // field_spec values are EventFieldSpec; key_spec names field_spec keys (EventDefinitionDto).
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
  // EventNotificationSettings: grace_period_ms required, backlog_size has a builder default.
  const settings = data['notification_settings'];
  if (
    !isObject(settings) ||
    !Number.isInteger(settings['grace_period_ms']) ||
    !(settings['backlog_size'] === undefined || Number.isInteger(settings['backlog_size']))
  ) {
    scope.report(
      'plain-field',
      'data.notification_settings',
      'is required: {"grace_period_ms": <ms>, "backlog_size": <n>} (plain numbers)',
    );
  }
  checkNotifications(scope, data);
  checkList(scope, 'data.storage', data['storage']);
}
