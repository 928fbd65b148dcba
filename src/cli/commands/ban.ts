import { parseDuration } from '../../core/duration.js';
import { report } from '../../pipeline/report.js';
import { text, UsageError } from '../args.js';
import type { Command } from '../io.js';
import { openLocal } from '../open-local.js';
import { printDecision } from '../print-decision.js';
import { withConfig } from '../with-config.js';

const USAGE = 'banbridge ban IP [--reason TEXT] [--duration 1h] [--config FILE]';

/** Bans an address as the local operator (source `cli`), through the same policy as the API. */
export const banCommand: Command = (args, io) =>
  withConfig(
    args,
    io,
    {
      usage: USAGE,
      options: { reason: { type: 'string' }, duration: { type: 'string' } },
      positionals: 1,
      help: {
        summary:
          'Bans an address or network as the local operator (source cli), through the same ' +
          'policy as a report: reserved, allowlisted and too-wide networks are refused, ' +
          'escalation applies. The running serve pushes it to every router within a second. ' +
          'Exit 0 when banned, 2 when refused. Creates the store if there is none yet.',
        arguments: { IP: 'an IPv4/IPv6 address or CIDR network in canonical form' },
        options: {
          reason: {
            value: 'TEXT',
            text: 'why (stored, shown by list; default "banned by the operator")',
          },
          duration: {
            value: '1h',
            text: 'ban time (e.g. 30m, 12h, 7d, or seconds); default policy.ban_time',
          },
        },
      },
    },
    async (parsed, { config }) => {
      const ip = parsed.positionals[0];
      if (ip === undefined) throw new UsageError(`which address?\nusage: ${USAGE}`);
      const duration = text(parsed, 'duration');
      const durationMs = duration === undefined ? undefined : parseDuration(duration, '--duration');
      const local = await openLocal(config, undefined, { create: true });
      try {
        const result = await report(local.pipeline, { credential: 'cli', detector: 'cli' }, [
          {
            ip,
            reason: text(parsed, 'reason') ?? 'banned by the operator',
            ...(durationMs === undefined ? {} : { durationMs }),
          },
        ]);
        for (const decision of result.decisions) printDecision(decision, io);
        return result.decisions.every((d) => d.outcome === 'accepted') ? 0 : 2;
      } finally {
        await local.close();
      }
    },
  );
