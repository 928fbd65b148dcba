/**
 * Graylog content-pack value references (graylog2-server `contentpacks/model/entities/
 * references/ValueReference.java`, 5.0–HEAD): a literal with its type, or the name of a pack
 * parameter resolved at install time.
 */
export type ValueType = 'string' | 'integer' | 'long' | 'double' | 'float' | 'boolean';
export type ValueReference =
  | { '@type': ValueType; '@value': string | number | boolean }
  | { '@type': 'parameter'; '@value': string };

export const vr = {
  string: (value: string): ValueReference => ({ '@type': 'string', '@value': value }),
  integer: (value: number): ValueReference => ({ '@type': 'integer', '@value': value }),
  boolean: (value: boolean): ValueReference => ({ '@type': 'boolean', '@value': value }),
  parameter: (name: string): ValueReference => ({ '@type': 'parameter', '@value': name }),
};

/** A string field that is either fixed or taken from a pack parameter. */
export type StringOrParameter = string | { parameter: string };
export const stringRef = (value: StringOrParameter): ValueReference =>
  typeof value === 'string' ? vr.string(value) : vr.parameter(value.parameter);
export type IntegerOrParameter = number | { parameter: string };
export const integerRef = (value: IntegerOrParameter): ValueReference =>
  typeof value === 'number' ? vr.integer(value) : vr.parameter(value.parameter);
