import type { Json } from '../../core/json.js';
import type { PackScope } from './scope.js';
import { checkKnownKeys } from './value-refs.js';

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

/**
 * `grok_pattern` entities: graylog2-server `contentpacks/model/entities/GrokPatternEntity.java`
 * (plain `name`, `pattern`); `GrokPatternFacade` reuses a pattern of the same name and throws
 * DivergingEntityConfigurationException when its text differs (5.0–HEAD).
 */
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
