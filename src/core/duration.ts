import { BanbridgeError } from './errors.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const PART = /(\d+)(ms|s|m|h|d|w)/gy;

/**
 * Parses a duration such as `90s`, `10m`, `24h`, `1w2d3h` (the same units RouterOS uses),
 * or a bare number of seconds (`3600`, as fail2ban's `bantime`). Returns milliseconds.
 */
export function parseDuration(text: string, field = 'duration'): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const seconds = Number(trimmed);
    if (Number.isSafeInteger(seconds * 1000)) return seconds * 1000;
  } else if (trimmed !== '') {
    PART.lastIndex = 0;
    let total = 0;
    let match: RegExpExecArray | null;
    let consumed = 0;
    while ((match = PART.exec(trimmed)) !== null) {
      total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
      consumed = PART.lastIndex;
    }
    if (consumed === trimmed.length && Number.isSafeInteger(total)) return total;
  }
  throw new BanbridgeError(
    'VALIDATION_FAILED',
    `${field}: "${text}" is not a duration; use a number of seconds or units w, d, h, m, s (e.g. 24h, 1w2d)`,
    { field },
  );
}

/** Formats milliseconds as `1w2d3h4m5s` (zero units omitted; `0s` for zero). */
export function formatDuration(ms: number): string {
  let rest = Math.max(0, Math.floor(ms / 1000));
  let out = '';
  for (const [unit, size] of [
    ['w', 604_800],
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out === '' ? '0s' : out;
}
