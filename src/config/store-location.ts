import { redactUrl } from '../core/redact-url.js';
import type { StoreLocation } from '../store/store.js';
import type { Config } from './types.js';

/** The store a loaded config names: a PostgreSQL URL or a SQLite path (load.ts fills it). */
export function storeLocation(config: Config): StoreLocation {
  return config.store.url !== undefined
    ? { url: config.store.url }
    : { path: config.store.path ?? './data/banbridge.db' };
}

/** The same for people: the path, or the URL without its password. */
export function describeStore(location: StoreLocation): string {
  return 'url' in location ? redactUrl(location.url) : location.path;
}
