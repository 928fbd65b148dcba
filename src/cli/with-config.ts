import type { Config } from '../config/types.js';
import { parse, text, type Options, type Parsed } from './args.js';
import { helpText, type CommandHelp } from './help-text.js';
import type { CliIo } from './io.js';
import { loadForCli } from './load-for-cli.js';

/**
 * The prologue every config-reading command shares: parse its options (plus `--config`),
 * answer `--help` (usage, summary and every option), load and validate the config (printing every problem), then run.
 */
export async function withConfig(
  args: string[],
  io: CliIo,
  spec: { usage: string; options?: Options; positionals?: number; help?: CommandHelp },
  run: (parsed: Parsed, loaded: { config: Config; file: string }) => Promise<number>,
): Promise<number> {
  const parsed: Parsed = parse(
    args,
    { ...spec.options, config: { type: 'string', short: 'c' } },
    spec.usage,
    spec.positionals ?? 0,
  );
  if (parsed.values.help === true) {
    io.stdout(helpText(spec.usage, spec.options ?? {}, spec.help));
    return 0;
  }
  const loaded = loadForCli(text(parsed, 'config'), io);
  if (loaded === undefined) return 1;
  return run(parsed, loaded);
}
