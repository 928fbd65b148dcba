import { keyOf } from '../../main/build-policy.js';
import { withdraw } from '../../pipeline/withdraw.js';
import { UsageError } from '../args.js';
import type { Command } from '../io.js';
import { openLocal } from '../open-local.js';
import { withConfig } from '../with-config.js';

const USAGE = 'banbridge unban IP [--config FILE]';
const HELP = {
  summary:
    "Lifts a ban entirely (every source's claim) as the local operator and queues its removal " +
    'on every router. Exit 1 when there is no active ban. Never creates a store.',
  arguments: { IP: 'the banned address or network (an IPv6 address finds its /ipv6_prefix ban)' },
};

/** Lifts a ban entirely (every source's claim) and queues its removal on every router. */
export const unbanCommand: Command = (args, io) =>
  withConfig(args, io, { usage: USAGE, positionals: 1, help: HELP }, async (parsed, { config }) => {
    const ip = parsed.positionals[0];
    if (ip === undefined) throw new UsageError(`which address?\nusage: ${USAGE}`);
    const { key } = keyOf(config.policy.ipv6_prefix)(ip);
    const local = await openLocal(config);
    try {
      const result = await withdraw(
        local.pipeline,
        { credential: 'cli', detector: 'cli', admin: true },
        key,
      );
      io.stdout(`${key}: ban lifted; removal queued for ${local.pipeline.routers.join(', ')}\n`);
      return result.lifted ? 0 : 1;
    } finally {
      await local.close();
    }
  });
