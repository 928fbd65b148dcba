import { describeStore, storeLocation } from '../../config/store-location.js';
import type { Command } from '../io.js';
import { withConfig } from '../with-config.js';

/** Validates the config: exit 0 when valid, 1 with every problem named by its key path. */
export const checkConfigCommand: Command = (args, io) =>
  withConfig(
    args,
    io,
    {
      usage: 'banbridge check-config [--config FILE]',
      help: {
        summary:
          'Validates the config: exit 0 when valid, 1 with every problem named by its key path. ' +
          'Warnings (e.g. a secret file others can read) are printed but keep it valid.',
      },
    },
    async (_parsed, { config, file }) => {
      io.stdout(
        `${file}: valid (${config.users.length} user(s), ${config.routers.length} router(s), store ${describeStore(storeLocation(config))})\n`,
      );
      return 0;
    },
  );
