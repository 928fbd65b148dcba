import winston from 'winston';
import type { Config } from '../config/types.js';

/**
 * The one winston logger, made by the composition root: JSON lines when stderr is not a TTY
 * (or log.format is json), readable lines otherwise. Logs go to stderr so that commands that
 * print results on stdout stay pipeable. Every configured secret is replaced by `***` in the
 * message and in every string of the metadata before anything is written.
 */
export function createLogger(
  log: Config['log'],
  isTty: boolean,
  secrets: readonly string[] = [],
): winston.Logger {
  const json = log.format === 'json' || (log.format === 'auto' && !isTty);
  const redact = winston.format((info) => blankSecrets(info, secrets) as typeof info)();
  const visible = winston.format((info) => {
    const line = (info as Record<symbol, unknown>)[MESSAGE];
    if (typeof line === 'string') {
      (info as Record<symbol, unknown>)[MESSAGE] = line.replace(INVISIBLE, escaped);
    }
    return info;
  })();
  const logger = winston.createLogger({
    level: log.level,
    format: json
      ? winston.format.combine(redact, winston.format.timestamp(), winston.format.json(), visible)
      : winston.format.combine(
          redact,
          winston.format.timestamp({ format: 'HH:mm:ss' }),
          winston.format.printf(({ timestamp, level, message, ...meta }) => {
            const rest = Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : '';
            return `${String(timestamp)} ${level.padEnd(5)} ${String(message)}${rest}`;
          }),
          visible,
        ),
    transports: [
      new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] }),
    ],
  });
  // winston runs the whole format chain (redaction, timestamp, JSON) before its transports
  // drop a line below their level (winston 3, lib/winston/logger.js, Logger._transform): a
  // disabled level returns here instead (a debug line per request costs nothing at info).
  for (const level of ['error', 'warn', 'info', 'debug'] as const) {
    const write = logger[level].bind(logger);
    logger[level] = ((...args: Parameters<typeof write>) =>
      logger.isLevelEnabled(level) ? write(...args) : logger) as typeof write;
  }
  return logger;
}

/** Where winston keeps the finished line (triple-beam's MESSAGE). */
const MESSAGE = Symbol.for('message');

/**
 * Characters a viewer shows as nothing or that reorder what follows: C1 controls, bidi marks,
 * overrides and isolates, the line and paragraph separators. JSON.stringify leaves them as
 * they are (it escapes only below U+0020), so a reported user name could make a log line read
 * differently in a terminal or a log viewer. Written as `\uXXXX`: the same JSON string.
 */
const INVISIBLE = /[\u0080-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escaped(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function blankSecrets(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (secrets.length === 0 || depth > 8) return value;
  if (typeof value === 'string') {
    return secrets.reduce((text, secret) => text.split(secret).join('***'), value);
  }
  if (Array.isArray(value)) return value.map((v) => blankSecrets(v, secrets, depth + 1));
  if (typeof value === 'object' && value !== null) {
    const target = value as Record<string | symbol, unknown>;
    // winston keeps its level and message under symbols too: redact those keys alike.
    for (const key of [...Object.keys(target), ...Object.getOwnPropertySymbols(target)]) {
      target[key] = blankSecrets(target[key], secrets, depth + 1);
    }
  }
  return value;
}
