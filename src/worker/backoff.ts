/**
 * The one backoff policy of the router worker, for both things that wait:
 * - reconnecting (RECONNECT): a dropped connection is retried at once, then after 250 ms,
 *   500 ms, then at most every second — a router that answers again is in use within a
 *   second, and an attempt is one TCP connect plus login, cheap for a router; a router that
 *   refused the credentials or certificate, much more slowly (REFUSED);
 * - retrying one operation the router answered but failed (worker.retry_base/retry_max).
 * Waking the worker (a new report) is never an attempt, and operations do not spend their
 * attempts while the router is unreachable (router-worker.ts).
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const RECONNECT: BackoffPolicy = { baseMs: 250, maxMs: 1000 };

/**
 * Reconnecting after the router refused us for good (ROUTER_AUTH, ROUTER_TLS: a wrong password
 * or certificate, not retryable): the first retry after 1–2 minutes, then doubling up to
 * 7.5–15 minutes. Each attempt is a "login failure" line in the router's log, the very line
 * fail2ban's mikrotik-login jail (5 in 10 minutes) and the Graylog pack ban on: at most 4 come
 * in any 10 minutes, so banbridge never gets its own host banned. `banbridge sync` (or the
 * console's Sync now) tries at once, after the credentials were fixed on the router.
 */
export const REFUSED: BackoffPolicy = { baseMs: 120_000, maxMs: 900_000 };

/**
 * Exponential backoff with "equal jitter": the n-th consecutive failure waits between half
 * and all of min(max, base × 2^(n-1)), so many banbridge instances do not retry in lockstep.
 * Zero failures wait nothing.
 */
export function backoffDelay(
  failures: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
