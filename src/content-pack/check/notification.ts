import { isObject, type Json } from '../../core/json.js';
import { since, type PackScope } from './scope.js';
import { checkKnownKeys, checkValueRef } from './value-refs.js';
import { compare, V } from './versions.js';

const V2_FIELDS = [
  'url',
  'skip_tls_verification',
  'method',
  'time_zone',
  'content_type',
  'headers',
  'body_template',
];

/**
 * A Custom HTTP Notification renders its body template with escaping only from 6.0.6
 * (`JsonSafeEngineProvider`, first at tag 6.0.6; 6.0.0–6.0.4 escape nothing, 6.0.5 only `"` in
 * top-level strings: `HTTPEventNotificationV2.java`), and never for PLAIN_TEXT (plain engine at
 * every version). Attacker text in a backlog message then breaks the JSON and nobody is banned.
 */
function checkEscaping(scope: PackScope, config: Json): void {
  const template = config['body_template'];
  const contentType = config['content_type'];
  if (!isObject(template) || template['@value'] === '' || !isObject(contentType)) return;
  if (contentType['@value'] === 'PLAIN_TEXT') {
    scope.report(
      'v2-unescaped',
      'data.config.content_type',
      'PLAIN_TEXT bodies are rendered without any escaping: a quote in a log line breaks the body; use JSON',
      'warning',
    );
  } else if (contentType['@value'] === 'JSON' && compare(scope.minVersion, V('6.0.6')) < 0) {
    scope.report(
      'v2-unescaped',
      'data.config.body_template',
      'Graylog before 6.0.6 does not JSON-escape template values: a quote in a log line breaks the body; constrain the pack to >=6.0.6',
      'warning',
    );
  }
}

/**
 * `notification` entities: graylog2-server `events/contentpack/entities/NotificationEntity.java`
 * (title, description, config: all required, 5.0–HEAD). HTTP Notification config
 * `HttpEventNotificationConfigEntity` has only `url` (5.0–HEAD); Custom HTTP Notification
 * `HttpEventNotificationConfigV2Entity` (6.0.0–HEAD) requires all seven keys and has no
 * basic_auth/api_key (secrets are not exported).
 */
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
    checkKnownKeys(
      scope,
      'data.config',
      config,
      ['type', ...V2_FIELDS],
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
    checkEscaping(scope, config);
  } else if (typeof type !== 'string') {
    // The config type is the @JsonTypeInfo discriminator (EXISTING_PROPERTY "type").
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
