import { BanbridgeError } from '../core/errors.js';

/**
 * A failure inside the store (disk full, file locked past busy_timeout, closed database)
 * becomes STORE_UNAVAILABLE (503, retryable): nothing was acknowledged, the caller retries.
 */
export function storeGuard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof BanbridgeError) throw error;
    const name = (error as { name?: string; code?: string }).name;
    const code = (error as { code?: string }).code ?? '';
    if (
      name === 'SqliteError' ||
      code.startsWith('SQLITE_') ||
      /database connection is not open/.test(String(error))
    ) {
      throw new BanbridgeError(
        'STORE_UNAVAILABLE',
        `the ban store is unavailable (${code || 'closed'}); retry later`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}
