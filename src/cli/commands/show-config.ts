import { stringify } from 'yaml';
import { parse } from '../args.js';
import type { Command } from '../io.js';
import { loadForCli } from '../load-for-cli.js';

const USAGE = 'banbridge show-config [--config FILE]';
const SECRET_KEYS = new Set(['password', 'token']);

/** Prints the effective config (defaults filled in) with every secret redacted. */
export const showConfigCommand: Command = async (args, io) => {
  const { values } = parse(args, { config: { type: 'string', short: 'c' } }, USAGE);
  if (values.help === true) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const loaded = loadForCli(values.config, io);
  if (loaded === undefined) return 1;
  io.stdout(stringify(redact(loaded.config)));
  return 0;
};

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '***' : redact(v)]),
    );
  }
  return value;
}
