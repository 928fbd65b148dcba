import { formatDuration } from '../../core/duration.js';
import { MAX_TIMEOUT_MS, MAX_TIMEOUT_TEXT } from './routeros-duration.js';

/**
 * The `timeout` to send for a ban in dynamic mode: the remaining ban time, rounded up to
 * whole seconds, capped at the RouterOS maximum (35w3d13h13m56s, AL-manual "Timeouts").
 * A permanent ban gets the maximum; the reconciler refreshes it before it runs out.
 * Returns undefined when the ban has already ended.
 */
export function entryTimeout(expiresAt: number | null, now: number): string | undefined {
  if (expiresAt === null) return MAX_TIMEOUT_TEXT;
  const remaining = expiresAt - now;
  if (remaining <= 0) return undefined;
  if (remaining >= MAX_TIMEOUT_MS) return MAX_TIMEOUT_TEXT;
  return formatDuration(Math.ceil(remaining / 1000) * 1000);
}
