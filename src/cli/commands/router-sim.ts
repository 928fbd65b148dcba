import { once } from 'node:events';
import { RouterSim } from '../../sim/router-sim.js';
import { makeSelfSignedCert } from '../../sim/self-signed-cert.js';
import { parse, UsageError } from '../args.js';
import type { CliIo, Command } from '../io.js';

const USAGE =
  'banbridge router-sim [--port N] [--host ADDR] [--user U --password P] [--tls] [--pre-718] [--legacy-login] [--latency MS]';

/**
 * Runs the built-in RouterOS API simulator until `stop` aborts. Listens on loopback unless
 * --host says otherwise; --tls uses a fresh self-signed certificate and prints its
 * fingerprint for a router's `fingerprint:` setting.
 */
export async function runRouterSim(args: string[], io: CliIo, stop: AbortSignal): Promise<number> {
  const { values } = parse(
    args,
    {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      user: { type: 'string', short: 'u' },
      password: { type: 'string' },
      tls: { type: 'boolean' },
      'pre-718': { type: 'boolean' },
      'legacy-login': { type: 'boolean' },
      latency: { type: 'string' },
    },
    USAGE,
  );
  if (values.help === true) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const port = integer(values.port ?? '0', '--port', 65_535);
  const latencyMs = integer(values.latency ?? '0', '--latency', 600_000);
  const user = values.user ?? 'admin';
  const cert = values.tls === true ? await makeSelfSignedCert() : undefined;
  const sim = new RouterSim({
    host: values.host ?? '127.0.0.1',
    users: [{ name: user, password: values.password ?? '' }],
    latencyMs,
    pre718: values['pre-718'] === true,
    legacyLogin: values['legacy-login'] === true,
    ...(cert ? { tls: { cert: cert.cert, key: cert.key } } : {}),
  });
  const bound = await sim.start({ port });
  io.stdout(
    `banbridge router-sim listening on ${values.host ?? '127.0.0.1'}:${bound} (${cert ? 'api-ssl' : 'api'}, user "${user}")\n`,
  );
  if (cert) io.stdout(`certificate fingerprint (sha256): ${cert.fingerprint256}\n`);
  if (!stop.aborted) await once(stop, 'abort');
  await sim.stop();
  io.stdout('banbridge router-sim stopped\n');
  return 0;
}

/** `banbridge router-sim`: runs until SIGINT or SIGTERM. */
export const routerSimCommand: Command = async (args, io) => {
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await runRouterSim(args, io, controller.signal);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
};

function integer(text: string, flag: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw new UsageError(`${flag}: "${text}" is not an integer from 0 to ${max}\nusage: ${USAGE}`);
  }
  return Number(text);
}
