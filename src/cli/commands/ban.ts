import { parseDuration } from '../../core/duration.js';
import { report } from '../../pipeline/report.js';
import { parse, UsageError } from '../args.js';
import type { Command } from '../io.js';
import { loadForCli } from '../load-for-cli.js';
import { openLocal } from '../open-local.js';
import { printDecision } from '../print-decision.js';

const USAGE = 'banbridge ban IP [--reason TEXT] [--duration 1h] [--config FILE]';

/** Bans an address as the local operator (source `cli`), through the same policy as the API. */
export const banCommand: Command = async (args, io) => {
  const { values, positionals } = parse(
    args,
    {
      config: { type: 'string', short: 'c' },
      reason: { type: 'string' },
      duration: { type: 'string' },
    },
    USAGE,
    1,
  );
  if (values.help === true) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const ip = positionals[0];
  if (ip === undefined) throw new UsageError(`which address?\nusage: ${USAGE}`);
  const durationMs =
    values.duration === undefined ? undefined : parseDuration(values.duration, '--duration');
  const loaded = loadForCli(values.config, io);
  if (loaded === undefined) return 1;
  const local = await openLocal(loaded.config);
  try {
    const result = report(local.pipeline, { credential: 'cli', detector: 'cli' }, [
      {
        ip,
        reason: values.reason ?? 'banned by the operator',
        ...(durationMs === undefined ? {} : { durationMs }),
      },
    ]);
    for (const decision of result.decisions) printDecision(decision, io);
    return result.decisions.every((d) => d.outcome === 'accepted') ? 0 : 2;
  } finally {
    local.close();
  }
};
