import type { Json } from '../../core/json.js';
import type { PackScope } from './scope.js';
import { checkKnownKeys } from './value-refs.js';

/**
 * The patterns Graylog ships, all 76 of them: graylog2-server
 * `src/main/resources/org/graylog2/migrations/V20180924111644_AddDefaultGrokPatterns_Default_Grok_Patterns.json`
 * (the "Default Grok Patterns" pack its migration installs). A pack's copy with other text
 * fails as a diverging entity.
 */
const BUILT_IN_GROK = new Set([
  'BASE10NUM',
  'BASE16FLOAT',
  'BASE16NUM',
  'CISCOMAC',
  'COMBINEDAPACHELOG',
  'COMMONAPACHELOG',
  'COMMONMAC',
  'DATA',
  'DATE',
  'DATESTAMP',
  'DATESTAMP_EVENTLOG',
  'DATESTAMP_OTHER',
  'DATESTAMP_RFC2822',
  'DATESTAMP_RFC822',
  'DATE_EU',
  'DATE_US',
  'DAY',
  'EMAILADDRESS',
  'EMAILLOCALPART',
  'GREEDYDATA',
  'HOSTNAME',
  'HOSTPORT',
  'HOUR',
  'HTTPD20_ERRORLOG',
  'HTTPD24_ERRORLOG',
  'HTTPDATE',
  'HTTPDERROR_DATE',
  'HTTPDUSER',
  'HTTPD_ERRORLOG',
  'INT',
  'IP',
  'IPORHOST',
  'IPV4',
  'IPV6',
  'ISO8601_SECOND',
  'ISO8601_TIMEZONE',
  'LOGLEVEL',
  'MAC',
  'MINUTE',
  'MONTH',
  'MONTHDAY',
  'MONTHNUM',
  'MONTHNUM2',
  'NONNEGINT',
  'NOTSPACE',
  'NUMBER',
  'PATH',
  'POSINT',
  'PROG',
  'QS',
  'QUOTEDSTRING',
  'SECOND',
  'SPACE',
  'SYSLOGBASE',
  'SYSLOGFACILITY',
  'SYSLOGHOST',
  'SYSLOGPROG',
  'SYSLOGTIMESTAMP',
  'TIME',
  'TIMESTAMP_ISO8601',
  'TTY',
  'TZ',
  'UNIXPATH',
  'URI',
  'URIHOST',
  'URIPARAM',
  'URIPATH',
  'URIPATHPARAM',
  'URIPROTO',
  'USER',
  'USERNAME',
  'UUID',
  'WINDOWSMAC',
  'WINPATH',
  'WORD',
  'YEAR',
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
