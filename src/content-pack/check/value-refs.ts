import { isObject, type Json } from '../../core/json.js';
import type { PackProblem } from './problem.js';

export type Expected = 'string' | 'integer' | 'long' | 'double' | 'boolean';

/** What entity checks need: where to report and which parameters the pack declares. */
export interface EntityScope {
  entity: NonNullable<PackProblem['entity']>;
  parameters: ReadonlyMap<string, string>;
  report(rule: string, field: string, message: string, severity?: PackProblem['severity']): void;
}

const literalMatches = (type: string, value: unknown): boolean => {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
    case 'long':
      return typeof value === 'number' && Number.isInteger(value);
    case 'double':
    case 'float':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return false;
  }
};

/** Types a ValueReference of `@type` may be read as (ValueReference.asX accepts these). */
const READS_AS: Record<Expected, string[]> = {
  string: ['string'],
  integer: ['integer'],
  long: ['long', 'integer'],
  double: ['double', 'float'],
  boolean: ['boolean'],
};

/**
 * A field typed ValueReference (graylog2-server `contentpacks/model/entities/references/
 * ValueReference.java`, `ValueType.java`, 5.0–HEAD): `{"@type", "@value"}`, built through its
 * AutoValue builder, so a bare JSON value fails the install (Jackson: no String-argument
 * creator). A parameter reference must name a declared parameter of the expected type
 * (ContentPackService parameter check). Returns the literal value when there is one.
 */
export function checkValueRef(
  scope: EntityScope,
  field: string,
  value: unknown,
  expected: Expected,
  options: { required?: boolean; enumValues?: readonly string[]; nonEmpty?: boolean } = {},
): unknown {
  const required = options.required ?? true;
  if (value === undefined || value === null) {
    if (required)
      scope.report(
        'value-required',
        field,
        `is required (a {"@type":"${expected}","@value":…} reference)`,
      );
    return undefined;
  }
  if (!isObject(value) || !('@type' in value) || !('@value' in value)) {
    scope.report(
      'value-reference',
      field,
      `must be a value reference {"@type":"${expected}","@value":…}, not plain JSON`,
    );
    return undefined;
  }
  const type = value['@type'];
  const literal = value['@value'];
  if (type === 'parameter') {
    const declared = typeof literal === 'string' ? scope.parameters.get(literal) : undefined;
    if (declared === undefined) {
      scope.report(
        'parameter-undeclared',
        field,
        `refers to parameter "${String(literal)}", which the pack does not declare`,
      );
    } else if (!READS_AS[expected].includes(declared)) {
      scope.report(
        'parameter-type',
        field,
        `parameter "${String(literal)}" is declared ${declared}; this field needs ${expected}`,
      );
    }
    return undefined;
  }
  if (typeof type !== 'string' || !READS_AS[expected].includes(type)) {
    scope.report('value-type', field, `@type "${String(type)}" where ${expected} is required`);
    return undefined;
  }
  if (!literalMatches(type, literal)) {
    scope.report('value-type', field, `@value ${JSON.stringify(literal)} is not a ${type}`);
    return undefined;
  }
  if (options.enumValues !== undefined && !options.enumValues.includes(literal as string)) {
    scope.report(
      'enum-name',
      field,
      `"${String(literal)}" is not one of ${options.enumValues.join(', ')} (Java enum names, exact case)`,
    );
  }
  if (options.nonEmpty === true && literal === '')
    scope.report('value-empty', field, 'must not be empty');
  return literal;
}

/**
 * A ReferenceMap entry (input/extractor/converter configuration). graylog2-server
 * `contentpacks/jackson/ReferenceConverter.java` (5.0–HEAD) is strict: integer needs a JSON
 * integer, double a number with a fraction, float never matches parsed JSON, and a null value
 * fails the immutable map. A JSON array is a ReferenceList of the same kind of entries.
 */
export function checkReferenceMapValue(scope: EntityScope, field: string, value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach((inner, i) => checkReferenceMapValue(scope, `${field}[${i}]`, inner));
    return;
  }
  if (!isObject(value) || !('@type' in value)) {
    if (isObject(value)) {
      for (const [key, inner] of Object.entries(value))
        checkReferenceMapValue(scope, `${field}.${key}`, inner);
      return;
    }
    scope.report(
      'value-reference',
      field,
      'must be a value reference {"@type","@value"} inside a configuration map',
    );
    return;
  }
  const type = value['@type'];
  const literal = value['@value'];
  if (literal === null || literal === undefined) {
    scope.report(
      'reference-map-null',
      field,
      '@value null makes the install fail; leave the key out instead',
    );
    return;
  }
  if (type === 'parameter') {
    if (typeof literal !== 'string' || !scope.parameters.has(literal)) {
      scope.report(
        'parameter-undeclared',
        field,
        `refers to parameter "${String(literal)}", which the pack does not declare`,
      );
    }
    return;
  }
  if (type === 'float') {
    scope.report(
      'reference-map-float',
      field,
      'a float reference never matches parsed JSON; use double with a fraction (1.0)',
    );
    return;
  }
  if (type === 'double' && (typeof literal !== 'number' || Number.isInteger(literal))) {
    scope.report(
      'reference-map-double',
      field,
      'a double needs a JSON number with a fraction (1.0, not 1)',
    );
    return;
  }
  if (!literalMatches(String(type), literal)) {
    scope.report('value-type', field, `@value ${JSON.stringify(literal)} is not a ${String(type)}`);
  }
}

/** Fields Graylog does not know (on every version the pack admits) fail the install. */
export function checkKnownKeys(
  scope: EntityScope,
  field: string,
  object: Json,
  known: readonly string[],
  hint = 'Graylog rejects unknown properties at install time',
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key))
      scope.report('unknown-property', `${field}.${key}`, `unknown property: ${hint}`);
  }
}
