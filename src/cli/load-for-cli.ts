import { configPath, loadConfigFile } from '../config/load.js';
import { formatProblem } from '../config/problems.js';
import type { Config } from '../config/types.js';
import type { CliIo } from './io.js';

/** Loads the config for a command, printing every problem and warning; undefined when invalid. */
export function loadForCli(
  flag: string | undefined,
  io: CliIo,
): { config: Config; file: string } | undefined {
  const file = configPath(flag, io.env, io.cwd);
  const result = loadConfigFile(file, io.env);
  if (!result.ok) {
    io.stderr(`${file}: ${result.problems.length} problem(s)\n`);
    for (const p of result.problems) io.stderr(`  ${formatProblem(p)}\n`);
    return undefined;
  }
  for (const w of result.warnings) io.stderr(`warning: ${formatProblem(w)}\n`);
  return { config: result.config, file };
}
