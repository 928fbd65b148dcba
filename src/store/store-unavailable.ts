import { BanbridgeError } from '../core/errors.js';

/**
 * Any failure from a database driver (disk full, file locked past busy_timeout, closed
 * database, PostgreSQL down or its connection lost) becomes STORE_UNAVAILABLE (503,
 * retryable) here, at the store boundary: nothing was acknowledged, the caller retries.
 * The message names the driver's error code only, never the connection URL.
 */
export function storeUnavailable(error: unknown): BanbridgeError {
  if (error instanceof BanbridgeError) return error;
  const code = String((error as { code?: unknown }).code ?? '') || 'closed';
  return new BanbridgeError(
    'STORE_UNAVAILABLE',
    `the ban store is unavailable (${code}); retry later`,
    { cause: error },
  );
}

/** Awaits fn, turning driver failures into STORE_UNAVAILABLE. */
export async function guarded<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw storeUnavailable(error);
  }
}
