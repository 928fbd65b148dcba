import { addressJson } from '../../http/explanation-json.js';
import { keyOf } from '../../main/build-policy.js';
import { explainAddress } from '../../pipeline/explain-address.js';
import { flag, UsageError } from '../args.js';
import type { Command } from '../io.js';
import { openLocal } from '../open-local.js';
import { formatExplanation } from '../show/format-explanation.js';
import { withConfig } from '../with-config.js';

const USAGE = 'banbridge show IP [--json] [--config FILE]';

/** One address for a person: banned or not and why, claims, offences, evidence, routers. */
export const showCommand: Command = (args, io) =>
  withConfig(
    args,
    io,
    {
      usage: USAGE,
      positionals: 1,
      options: { json: { type: 'boolean' } },
      help: {
        summary:
          'One address for a person: banned or not and why (the refused reports and the ' +
          "policy's reason), expiry, offence and escalation, claims, evidence and per-router " +
          'state. Reads the store; never creates one.',
        arguments: { IP: 'the address or CIDR to explain' },
        options: { json: { text: 'print the JSON that GET /v1/bans/{ip} answers' } },
      },
    },
    async (parsed, { config }) => {
      const ip = parsed.positionals[0];
      if (ip === undefined) throw new UsageError(`which address?\nusage: ${USAGE}`);
      const local = await openLocal(config);
      try {
        const explained = await explainAddress(
          local.pipeline,
          keyOf(config.policy.ipv6_prefix),
          ip,
        );
        io.stdout(
          flag(parsed, 'json')
            ? `${JSON.stringify(await addressJson(local.pipeline, explained), null, 2)}\n`
            : formatExplanation(explained, local.pipeline.now()),
        );
        return 0;
      } finally {
        await local.close();
      }
    },
  );
