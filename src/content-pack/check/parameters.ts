import { isObject, type Json } from '../../core/json.js';
import type { Report } from './envelope.js';

/** `ValueType` names a parameter may declare (graylog2-server `contentpacks/model/parameters/`). */
const PARAMETER_TYPES = ['string', 'integer', 'long', 'double', 'float', 'boolean'];

function defaultMatches(type: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (type === 'string') return typeof value === 'string';
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'integer' || type === 'long') return Number.isInteger(value);
  return typeof value === 'number';
}

/**
 * The pack's parameters, name → type. Each is a `Parameter` subtype chosen by `type`
 * (`StringParameter`, `IntegerParameter`, …: name, title, description required, default_value
 * optional and of the declared type; 5.0–HEAD). Absent `parameters` means none.
 */
export function readParameters(pack: Json, report: Report): Map<string, string> {
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
    const value = parameter['default_value'];
    if (!defaultMatches(type, value))
      report('parameter', `${at}.default_value`, `${JSON.stringify(value)} is not a ${type}`);
  });
  return parameters;
}
