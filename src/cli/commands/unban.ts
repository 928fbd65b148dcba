import { keyOf } from '../../main/build-policy.js';
import { withdraw } from '../../pipeline/withdraw.js';
import { parse, UsageError } from '../args.js';
import type { Command } from '../io.js';
import { loadForCli } from '../load-for-cli.js';
import { openLocal } from '../open-local.js';

const USAGE = 'banbridge unban IP [--config FILE]';

/** Lifts a ban entirely (every source's claim) and queues its removal on every router. */
export const unbanCommand: Command = async (args, io) => {
  const { values, positionals } = parse(args, { config: { type: 'string', short: 'c' } }, USAGE, 1);
  if (values.help === true) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const ip = positionals[0];
  if (ip === undefined) throw new UsageError(`which address?\nusage: ${USAGE}`);
  const loaded = loadForCli(values.config, io);
  if (loaded === undefined) return 1;
  const { key } = keyOf(loaded.config.policy.ipv6_prefix)(ip);
  const local = await openLocal(loaded.config);
  try {
    const result = withdraw(
      local.pipeline,
      { credential: 'cli', detector: 'cli', admin: true },
      key,
    );
    io.stdout(`${key}: ban lifted; removal queued for ${local.pipeline.routers.join(', ')}\n`);
    return result.lifted ? 0 : 1;
  } finally {
    local.close();
  }
};
