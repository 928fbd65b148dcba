import {
  checkEventDefinition,
  checkGrokPattern,
  checkInput,
  checkNotification,
  checkPipeline,
  checkPipelineRule,
  checkStream,
  checkStreamTitle,
  checkUrlAllowlistEntry,
  type PackScope,
} from './entity-data.js';
import type { PackProblem } from './problem.js';
import { isObject, type Json } from './value-refs.js';
import { compare, lowerBound, show, V, type Version } from './versions.js';

/*
 * Graylog's install-time rules for a content pack (NOTES §2.2–2.7), checked without a server:
 * the envelope Jackson reads at upload, the entity wrapper, constraints, parameters, and each
 * entity's `data` as its facade deserializes it at install. Field sets are version-aware: the
 * pack is checked against the lowest Graylog version its server-version constraints admit.
 */

const ENVELOPE_FIELDS = [
  'v',
  'id',
  'rev',
  'name',
  'summary',
  'description',
  'vendor',
  'url',
  'parameters',
  'entities',
  'created_at',
  'server_version',
];
const PARAMETER_TYPES = ['string', 'integer', 'long', 'double', 'float', 'boolean'];
/** Model types the open-source server has facades for (ModelTypes.java). */
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
const CHECKED_FROM = V('5.0.0');

export interface CheckResult {
  /** No problem of severity error. */
  valid: boolean;
  /** Lowest Graylog version the pack admits (its constraints), as checked. */
  minVersion: string;
  problems: PackProblem[];
}

function titleOf(data: unknown): string | undefined {
  if (!isObject(data)) return undefined;
  for (const key of ['title', 'name']) {
    const value = data[key];
    if (typeof value === 'string') return value;
    if (isObject(value) && typeof value['@value'] === 'string') return value['@value'];
  }
  return undefined;
}

function checkEnvelope(
  pack: Json,
  report: (rule: string, field: string, message: string) => void,
): void {
  for (const key of Object.keys(pack)) {
    if (!ENVELOPE_FIELDS.includes(key))
      report(
        'unknown-property',
        key,
        'unknown top-level property: the upload fails (UnrecognizedPropertyException)',
      );
  }
  // Exports from 5.1.4 and 3.2.4 write `"v": 1`; Jackson reads it into the version as well.
  if (pack['v'] !== '1' && pack['v'] !== 1)
    report(
      'envelope',
      'v',
      'is required and must be "1" (without it Graylog treats the pack as legacy and fails)',
    );
  if (typeof pack['id'] !== 'string' || pack['id'].trim() === '')
    report('envelope', 'id', 'is required: a non-blank string (a UUID by convention)');
  if (!Number.isInteger(pack['rev'])) report('envelope', 'rev', 'is required: an integer revision');
  for (const key of ['name', 'summary', 'description', 'vendor', 'url']) {
    if (typeof pack[key] !== 'string')
      report('envelope', key, 'is required: a string ("" is accepted)');
  }
  if (typeof pack['url'] === 'string' && pack['url'] !== '' && !URL.canParse(pack['url'])) {
    report('envelope', 'url', 'must be a URI or ""');
  }
  if (!Array.isArray(pack['entities'])) report('envelope', 'entities', 'is required: a list');
  if (!Array.isArray(pack['parameters']))
    report('envelope', 'parameters', 'is required: a list ([] when none)');
}

function readParameters(
  pack: Json,
  report: (rule: string, field: string, message: string) => void,
): Map<string, string> {
  const parameters = new Map<string, string>();
  const list = Array.isArray(pack['parameters']) ? pack['parameters'] : [];
  list.forEach((parameter, i) => {
    const at = `parameters[${i}]`;
    if (!isObject(parameter)) return report('parameter', at, 'must be an object');
    for (const key of Object.keys(parameter)) {
      if (!['name', 'title', 'description', 'type', 'default_value'].includes(key))
        report('unknown-property', `${at}.${key}`, 'unknown property');
    }
    const { name, type } = parameter;
    if (typeof name !== 'string' || name === '')
      return report('parameter', `${at}.name`, 'is required');
    for (const key of ['title', 'description']) {
      if (typeof parameter[key] !== 'string')
        report('parameter', `${at}.${key}`, 'is required: a string');
    }
    if (typeof type !== 'string' || !PARAMETER_TYPES.includes(type)) {
      return report('parameter', `${at}.type`, `must be one of ${PARAMETER_TYPES.join(', ')}`);
    }
    if (parameters.has(name)) report('parameter', `${at}.name`, `"${name}" is declared twice`);
    parameters.set(name, type);
    const def = parameter['default_value'];
    const ok =
      def === undefined ||
      (type === 'string' && typeof def === 'string') ||
      (type === 'boolean' && typeof def === 'boolean') ||
      (['integer', 'long'].includes(type) && Number.isInteger(def)) ||
      (['double', 'float'].includes(type) && typeof def === 'number');
    if (!ok) report('parameter', `${at}.default_value`, `${JSON.stringify(def)} is not a ${type}`);
  });
  return parameters;
}

/** The lowest version all server-version constraints admit together. */
function minimumVersion(
  entities: Json[],
  problems: PackProblem[],
): { min: Version; declared: boolean } {
  let min: Version = [0, 0, 0];
  let declared = false;
  for (const entity of entities) {
    const constraints = Array.isArray(entity['constraints']) ? entity['constraints'] : [];
    for (const constraint of constraints) {
      if (!isObject(constraint) || constraint['type'] !== 'server-version') continue;
      const bound =
        typeof constraint['version'] === 'string' ? lowerBound(constraint['version']) : undefined;
      if (bound === undefined) continue; // reported per entity
      declared = true;
      if (compare(bound, min) > 0) min = bound;
    }
  }
  if (!declared) {
    problems.push({
      severity: 'warning',
      rule: 'no-server-version',
      field: 'entities[].constraints',
      message: `no server-version constraint: nothing stops an install on an older Graylog; checked as ${show(CHECKED_FROM)}`,
    });
    return { min: CHECKED_FROM, declared };
  }
  if (compare(min, CHECKED_FROM) < 0) {
    problems.push({
      severity: 'warning',
      rule: 'pre-5.0-range',
      field: 'entities[].constraints',
      message: `the constraints admit Graylog ${show(min)}; banbridge checks the rules of ${show(CHECKED_FROM)} and later only`,
    });
    return { min: CHECKED_FROM, declared };
  }
  return { min, declared };
}

/** Checks a parsed content pack (any pack, not only banbridge's). */
export function checkContentPack(pack: unknown): CheckResult {
  const problems: PackProblem[] = [];
  const envelopeReport = (rule: string, field: string, message: string) =>
    problems.push({ severity: 'error', rule, field, message });
  if (!isObject(pack)) {
    envelopeReport('envelope', '(root)', 'a content pack is a JSON object');
    return { valid: false, minVersion: show(CHECKED_FROM), problems };
  }
  checkEnvelope(pack, envelopeReport);
  const parameters = readParameters(pack, envelopeReport);
  const entities = (Array.isArray(pack['entities']) ? pack['entities'] : []).filter(isObject);
  const { min } = minimumVersion(entities, problems);

  const typeName = (e: Json) =>
    isObject(e['type']) && typeof e['type']['name'] === 'string' ? e['type']['name'] : '?';
  const idsOf = (...types: string[]) =>
    new Set(entities.filter((e) => types.includes(typeName(e))).map((e) => String(e['id'])));
  const streamIds = idsOf('stream', 'stream_title');
  const notificationIds = idsOf('notification');
  const seen = new Set<string>();

  (Array.isArray(pack['entities']) ? pack['entities'] : []).forEach((raw, index) => {
    if (!isObject(raw)) return envelopeReport('entity', `entities[${index}]`, 'must be an object');
    const type = typeName(raw);
    const id = typeof raw['id'] === 'string' ? raw['id'] : `entities[${index}]`;
    const title = titleOf(raw['data']);
    const entity = { id, type, ...(title === undefined ? {} : { title }) };
    const scope: PackScope = {
      entity,
      parameters,
      minVersion: min,
      streamIds,
      notificationIds,
      report: (rule, field, message, severity = 'error') =>
        problems.push({ severity, rule, entity, field, message }),
    };
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
      raw['constraints'].forEach((constraint, i) => {
        const at = `constraints[${i}]`;
        if (!isObject(constraint)) return scope.report('constraint', at, 'must be an object');
        if (constraint['type'] === 'server-version') {
          if (
            typeof constraint['version'] !== 'string' ||
            lowerBound(constraint['version']) === undefined
          ) {
            scope.report(
              'constraint',
              `${at}.version`,
              'must be an npm version range such as ">=5.0.0"',
            );
          }
        } else if (constraint['type'] === 'plugin-version') {
          if (typeof constraint['plugin'] !== 'string' || typeof constraint['version'] !== 'string')
            scope.report('constraint', at, 'a plugin-version constraint needs plugin and version');
        } else {
          scope.report('constraint', `${at}.type`, 'must be "server-version" or "plugin-version"');
        }
      });
    }

    const data = raw['data'];
    if (!isObject(data)) return scope.report('entity-wrapper', 'data', 'is required: an object');
    if (
      (type === 'stream' || type === 'stream_title') &&
      !(isObject(data['title']) && typeof data['title']['@value'] === 'string')
    ) {
      // The upload itself dereferences data.title.@value of stream entities (NPE otherwise).
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
  });
  return { valid: !problems.some((p) => p.severity === 'error'), minVersion: show(min), problems };
}
