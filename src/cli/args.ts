import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, strict, with errors that name the command's usage. */
export function parse<T extends Options>(
  args: string[],
  options: T,
  usage: string,
  positionals = 0,
) {
  try {
    const parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: positionals > 0,
      strict: true,
    });
    if (parsed.positionals.length > positionals) {
      throw new Error(`unexpected argument ${parsed.positionals[positionals]}`);
    }
    return parsed;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nusage: ${usage}`);
  }
}

/** Parsed options without per-command typing, read through `text` and `flag`. */
export interface Parsed {
  values: Readonly<Record<string, string | boolean | undefined>>;
  positionals: string[];
}

/** A string option's value. */
export function text(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function flag(parsed: Parsed, name: string): boolean {
  return parsed.values[name] === true;
}
