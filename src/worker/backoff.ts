/**
 * Exponential backoff with full jitter in [0.5, 1.5) of the nominal delay:
 * base × 2^(attempt-1), capped at max. `random` is injectable for tests.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const nominal = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(Math.min(maxMs, nominal * (0.5 + random())));
}
