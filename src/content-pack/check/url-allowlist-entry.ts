import type { Json } from '../../core/json.js';
import { since, type PackScope } from './scope.js';
import { checkKnownKeys } from './value-refs.js';

/**
 * `url_whitelist_entry` (3.2–HEAD) and `url_allowlist_entry` (7.0.0+) entities: plain `data`
 * `{id, type: literal|regex, title, value}` (graylog2-server `contentpacks/facades/
 * UrlWhitelistFacade.java`, `UrlAllowlistFacade.java`); no parameters.
 */
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
