import winston from 'winston';
import type { Config } from '../config/types.js';

/**
 * The one winston logger, made by the composition root: JSON lines when stdout is not a TTY
 * (or log.format is json), readable lines otherwise. Logs go to stderr so that commands that
 * print results on stdout stay pipeable.
 */
export function createLogger(log: Config['log'], isTty: boolean): winston.Logger {
  const json = log.format === 'json' || (log.format === 'auto' && !isTty);
  return winston.createLogger({
    level: log.level,
    format: json
      ? winston.format.combine(winston.format.timestamp(), winston.format.json())
      : winston.format.combine(
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
}
