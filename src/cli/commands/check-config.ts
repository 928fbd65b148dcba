import { parse } from '../args.js';
import type { Command } from '../io.js';
import { loadForCli } from '../load-for-cli.js';

const USAGE = 'banbridge check-config [--config FILE]';

/** Validates the config: exit 0 when valid, 1 with every problem named by its key path. */
export const checkConfigCommand: Command = async (args, io) => {
  const { values } = parse(args, { config: { type: 'string', short: 'c' } }, USAGE);
  if (values.help === true) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const loaded = loadForCli(values.config, io);
  if (loaded === undefined) return 1;
  const { config } = loaded;
  io.stdout(
    `${loaded.file}: valid (${config.users.length} user(s), ${config.routers.length} router(s), store ${config.store.path})\n`,
  );
  return 0;
};
