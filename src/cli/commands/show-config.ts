import { stringify } from 'yaml';
import { redactUrl } from '../../core/redact-url.js';
import type { Command } from '../io.js';
import { withConfig } from '../with-config.js';

const SECRET_KEYS = new Set(['password', 'token']);

/** Prints the effective config (defaults filled in) with every secret redacted. */
export const showConfigCommand: Command = (args, io) =>
  withConfig(
    args,
    io,
    {
      usage: 'banbridge show-config [--config FILE]',
      help: {
        summary: 'Prints the effective config (every default filled in) with secrets as ***.',
      },
    },
    async (_parsed, { config }) => {
      io.stdout(stringify(redact(config)));
      return 0;
    },
  );

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SECRET_KEYS.has(k)
          ? '***'
          : k === 'url' && typeof v === 'string'
            ? redactUrl(v)
            : redact(v),
      ]),
    );
  }
  return value;
}
