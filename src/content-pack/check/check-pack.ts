import { isObject, type Json } from '../../core/json.js';
import { checkEntity } from './check-entity.js';
import { checkEnvelope } from './envelope.js';
import { readParameters } from './parameters.js';
import type { PackProblem } from './problem.js';
import type { PackScope } from './scope.js';
import { compare, lowerBound, show, V, type Version } from './versions.js';

/*
 * Graylog's install-time rules for a content pack, checked without a server: the envelope
 * Jackson reads at upload, the entity wrapper (`EntityV1`: v, type, id, data, constraints —
 * all required), constraints, parameters, and each entity's `data` as its facade deserializes
 * it at install (`ContentPackService.installContentPack`). Each rule names its Graylog class
 * next to it. Field sets are version-aware: the pack is checked against the lowest Graylog
 * version its server-version constraints admit. Rules are read from graylog2-server tags
 * 5.0.0 … 7.2.0-alpha; docs/graylog.md summarises them.
 */

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

/**
 * The lowest version all server-version constraints admit together (`ServerVersionConstraint`,
 * checked by `ServerVersionConstraintChecker` with semver4j NPM ranges, 5.0–HEAD).
 */
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
  const streamIds = idsOf('stream');
  const streamTitleIds = idsOf('stream_title');
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
      streamTitleIds,
      notificationIds,
      report: (rule, field, message, severity = 'error') =>
        problems.push({ severity, rule, entity, field, message }),
    };
    checkEntity(scope, raw, seen);
  });
  return { valid: !problems.some((p) => p.severity === 'error'), minVersion: show(min), problems };
}
