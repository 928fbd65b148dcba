import { storeUnavailable } from '../store/store-unavailable.js';

/**
 * A failure inside the store (disk full, file locked past busy_timeout, closed database,
 * PostgreSQL unreachable) becomes STORE_UNAVAILABLE (503, retryable): nothing was
 * acknowledged, the caller retries. The store already maps its own failures; this guard
 * also covers a closed store seen from a route.
 */
export async function storeGuard<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const name = (error as { name?: string }).name;
    const code = String((error as { code?: unknown }).code ?? '');
    if (
      name === 'SqliteError' ||
      code.startsWith('SQLITE_') ||
      /database connection is not open/.test(String(error))
    ) {
      throw storeUnavailable(error);
    }
    throw error;
  }
}
