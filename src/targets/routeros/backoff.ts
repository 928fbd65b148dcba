/**
 * Exponential backoff with "equal jitter": the n-th consecutive failure waits between half
 * and all of min(max, base * 2^(n-1)), so many banbridge instances do not retry in lockstep.
 */
export function backoffDelay(
  failures: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
