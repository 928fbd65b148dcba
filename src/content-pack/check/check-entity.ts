import { isObject, type Json } from '../../core/json.js';
import { checkEventDefinition } from './event-definition.js';
import { checkGrokPattern } from './grok-pattern.js';
import { checkInput } from './input.js';
import { checkNotification } from './notification.js';
import { checkPipeline, checkPipelineRule } from './pipeline.js';
import type { PackScope } from './scope.js';
import { checkStream, checkStreamTitle } from './stream.js';
import { checkUrlAllowlistEntry } from './url-allowlist-entry.js';
import { lowerBound } from './versions.js';

/** Model types the open-source server has facades for (`ModelTypes.java`, 5.0–HEAD). */
const KNOWN_TYPES = new Set([
  'input',
  'stream',
  'stream_title',
  'event_definition',
  'notification',
  'pipeline_rule',
  'pipeline',
  'grok_pattern',
  'lookup_table',
  'lookup_cache',
  'lookup_adapter',
  'output',
  'dashboard',
  'search',
  'sidecar_collector',
  'sidecar_collector_configuration',
  'url_whitelist_entry',
  'url_allowlist_entry',
]);

/** Constraint subtypes (`contentpacks/model/constraints/`: ServerVersionConstraint, PluginVersionConstraint). */
function checkConstraints(scope: PackScope, constraints: unknown[]): void {
  constraints.forEach((constraint, i) => {
    const at = `constraints[${i}]`;
    if (!isObject(constraint)) return scope.report('constraint', at, 'must be an object');
    if (constraint['type'] === 'server-version') {
      if (
        typeof constraint['version'] !== 'string' ||
        lowerBound(constraint['version']) === undefined
      )
        scope.report(
          'constraint',
          `${at}.version`,
          'must be an npm version range such as ">=5.0.0"',
        );
    } else if (constraint['type'] === 'plugin-version') {
      if (typeof constraint['plugin'] !== 'string' || typeof constraint['version'] !== 'string')
        scope.report('constraint', at, 'a plugin-version constraint needs plugin and version');
    } else {
      scope.report('constraint', `${at}.type`, 'must be "server-version" or "plugin-version"');
    }
  });
}

/**
 * One entity: the wrapper `EntityV1` (v, type {name, version}, id, data, constraints — all
 * required; `contentpacks/model/entities/EntityV1.java`, 5.0–HEAD), then its `data` as the
 * facade of its model type reads it. `seen` collects (type, id) pairs: the dependency graph of
 * `ContentPackService` throws on a duplicate.
 */
export function checkEntity(scope: PackScope, raw: Json, seen: Set<string>): void {
  const { type, id } = scope.entity;
  for (const key of Object.keys(raw)) {
    if (!['v', 'type', 'id', 'data', 'constraints'].includes(key))
      scope.report('unknown-property', key, 'unknown property of the entity wrapper');
  }
  if (raw['v'] !== '1') scope.report('entity-wrapper', 'v', 'is required and must be "1"');
  if (typeof raw['id'] !== 'string' || raw['id'].trim() === '')
    scope.report('entity-wrapper', 'id', 'is required: a non-blank pack-local id');
  if (!isObject(raw['type']) || typeof raw['type']['version'] !== 'string')
    scope.report('entity-wrapper', 'type', 'is required: {"name": <model type>, "version": "1"}');
  if (!KNOWN_TYPES.has(type))
    scope.report(
      'entity-type',
      'type.name',
      `"${type}" is not a model type Graylog can install (UnsupportedEntityFacade)`,
    );
  if (seen.has(`${type}\u0000${id}`))
    scope.report('duplicate-entity', 'id', `a second ${type} with id "${id}": the install fails`);
  seen.add(`${type}\u0000${id}`);

  if (!Array.isArray(raw['constraints'])) {
    scope.report('entity-wrapper', 'constraints', 'is required: a list ([] when none)');
  } else {
    checkConstraints(scope, raw['constraints']);
  }

  const data = raw['data'];
  if (!isObject(data)) return scope.report('entity-wrapper', 'data', 'is required: an object');
  if (
    (type === 'stream' || type === 'stream_title') &&
    !(isObject(data['title']) && typeof data['title']['@value'] === 'string')
  ) {
    // The upload itself reads data.title.@value of stream entities
    // (ContentPackPersistenceService.filterMissingResourcesAndInsert: NPE otherwise).
    scope.report(
      'stream-title',
      'data.title',
      'is required: {"@type":"string","@value":…} (the upload fails without it)',
    );
    return;
  }
  switch (type) {
    case 'input':
      return checkInput(scope, data);
    case 'stream':
      return checkStream(scope, data);
    case 'stream_title':
      return checkStreamTitle(scope, data);
    case 'notification':
      return checkNotification(scope, data);
    case 'event_definition':
      return checkEventDefinition(scope, data);
    case 'grok_pattern':
      return checkGrokPattern(scope, data);
    case 'pipeline_rule':
      return checkPipelineRule(scope, data);
    case 'pipeline':
      return checkPipeline(scope, data);
    case 'url_whitelist_entry':
    case 'url_allowlist_entry':
      return checkUrlAllowlistEntry(scope, data, type);
    default:
      if (KNOWN_TYPES.has(type))
        scope.report(
          'not-checked',
          'type.name',
          `${type} entities are not checked by banbridge`,
          'warning',
        );
  }
}
