/** A JSON object as parsed from outside (a request body, a content pack): keys not yet trusted. */
export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
