import type { Json } from '../../core/json.js';
import type { EntityScope } from './value-refs.js';
import { compare, show, V, type Version } from './versions.js';

/** What entity checks know about the rest of the pack. */
export interface PackScope extends EntityScope {
  /** Lowest Graylog version the pack's constraints admit. */
  minVersion: Version;
  /** Pack-local ids of stream entities. */
  streamIds: ReadonlySet<string>;
  /** Pack-local ids of stream_title entities (stream references by title). */
  streamTitleIds: ReadonlySet<string>;
  notificationIds: ReadonlySet<string>;
}

/** Ids of the system streams: All messages, All events, All system events (every version). */
export const SYSTEM_STREAMS = new Set([
  '000000000000000000000001',
  '000000000000000000000002',
  '000000000000000000000003',
]);

/**
 * Storage fields no extractor or static field may write (InputFacade.addStaticField, 5.0–HEAD):
 * Message.ES_FIELDS, the reserved fields that are not settable (graylog2-server cbcc671,
 * plugin/Message.java).
 */
export const RESERVED_FIELDS = ['_id', '_index', '_type', '_score', '_ttl', '_source', '_all'];

/**
 * Something added in Graylog `version`: on older servers the key is an unknown property (Graylog's
 * ObjectMapper keeps FAIL_ON_UNKNOWN_PROPERTIES, ObjectMapperConfiguration 5.0–HEAD) or the
 * model type has no facade, so the install fails there.
 */
export function since(scope: PackScope, field: string, present: boolean, version: string): void {
  if (present && compare(scope.minVersion, V(version)) < 0) {
    scope.report(
      'field-too-new',
      field,
      `is unknown before Graylog ${version} and fails the install there; the pack's server-version constraint admits ${show(scope.minVersion)}`,
    );
  }
}

export function checkList(scope: PackScope, field: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) {
    scope.report('list-required', field, 'is required and must be a list ([] when empty)');
    return [];
  }
  return value;
}

/**
 * Keys with the version each appeared in (undefined = every version from 5.0): an unknown key
 * fails the install everywhere, a newer key on the versions before it.
 */
export function checkVersionedKeys(
  scope: PackScope,
  field: string,
  object: Json,
  fields: Readonly<Record<string, string | undefined>>,
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
