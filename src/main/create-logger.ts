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
  const logger = winston.createLogger({
    level: log.level,
    format: json
      ? winston.format.combine(redact, winston.format.timestamp(), winston.format.json())
      : winston.format.combine(
          redact,
          winston.format.timestamp({ format: 'HH:mm:ss' }),
          winston.format.printf(({ timestamp, level, message, ...meta }) => {
            const rest = Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : '';
            return `${String(timestamp)} ${level.padEnd(5)} ${String(message)}${rest}`;
          }),
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
