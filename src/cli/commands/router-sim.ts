import { once } from 'node:events';
import { writeFileSync, renameSync } from 'node:fs';
import { RouterSim, type SimChange } from '../../sim/router-sim.js';
import { makeSelfSignedCert } from '../../sim/self-signed-cert.js';
import { parse, UsageError, type Options } from '../args.js';
import { helpText, type CommandHelp } from '../help-text.js';
import type { CliIo, Command } from '../io.js';

const USAGE =
  'banbridge router-sim [--port N] [--host ADDR] [--user U --password P] [--tls] [--pre-718] [--legacy-login] [--latency MS] [--service-ms MS] [--identity NAME] [--print-changes] [--state-file FILE]';

const OPTIONS = {
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  user: { type: 'string', short: 'u' },
  password: { type: 'string' },
  tls: { type: 'boolean' },
  'pre-718': { type: 'boolean' },
  'legacy-login': { type: 'boolean' },
  latency: { type: 'string' },
  'service-ms': { type: 'string' },
  identity: { type: 'string' },
  'print-changes': { type: 'boolean' },
  'state-file': { type: 'string' },
} satisfies Options;

const HELP: CommandHelp = {
  summary:
    'Runs the built-in RouterOS API simulator (for trying banbridge without a router) until ' +
    'SIGINT or SIGTERM. It keeps its address lists in memory; nothing is written to a router.',
  options: {
    port: { value: 'N', text: 'port to listen on (default 0: any free port, printed at start)' },
    host: { value: 'ADDR', text: 'address to listen on (default 127.0.0.1, loopback only)' },
    user: { value: 'U', text: 'the user name it accepts (default admin)' },
    password: { value: 'P', text: "that user's password (default empty)" },
    tls: { text: 'api-ssl with a fresh self-signed certificate; prints its fingerprint' },
    'pre-718': {
      text: 'behave like RouterOS before 7.18: no !empty reply for a print with no rows',
    },
    'legacy-login': {
      text: 'behave like RouterOS before 6.43: only the MD5 challenge login works',
    },
    latency: {
      value: 'MS',
      text: 'delay before each reply in ms, the network round trip (default 0)',
    },
    'service-ms': {
      value: 'MS',
      text: 'router CPU time per command in ms, one CPU shared by all sessions (default 0)',
    },
    identity: {
      value: 'NAME',
      text: 'the /system/identity name it reports (default banbridge-sim)',
    },
    'print-changes': { text: 'print each add, set and remove of a list entry' },
    'state-file': {
      value: 'FILE',
      text: 'keep a JSON file of every entry (rewritten after changes, at most every 200 ms)',
    },
  },
};

/**
 * Runs the built-in RouterOS API simulator until `stop` aborts. Listens on loopback unless
 * --host says otherwise; --tls uses a fresh self-signed certificate and prints its
 * fingerprint for a router's `fingerprint:` setting. What banbridge does to the lists can be
 * watched from outside: --print-changes prints each add/set/remove, --state-file keeps a
 * JSON file of every entry (rewritten after changes, at most every 200 ms).
 */
export async function runRouterSim(args: string[], io: CliIo, stop: AbortSignal): Promise<number> {
  const { values } = parse(args, OPTIONS, USAGE);
  if (values.help === true) {
    io.stdout(helpText(USAGE, OPTIONS, HELP, false));
    return 0;
  }
  const port = integer(values.port ?? '0', '--port', 65_535);
  const latencyMs = integer(values.latency ?? '0', '--latency', 600_000);
  const serviceMs = integer(values['service-ms'] ?? '0', '--service-ms', 60_000);
  const stateFile = values['state-file'];
  let writeState: (() => void) | undefined;
  const user = values.user ?? 'admin';
  const cert = values.tls === true ? await makeSelfSignedCert() : undefined;
  const sim = new RouterSim({
    host: values.host ?? '127.0.0.1',
    users: [{ name: user, password: values.password ?? '' }],
    latencyMs,
    pre718: values['pre-718'] === true,
    legacyLogin: values['legacy-login'] === true,
    serviceMs,
    ...(values.identity ? { identity: values.identity } : {}),
    ...(cert ? { tls: { cert: cert.cert, key: cert.key } } : {}),
    onChange: (change) => {
      if (values['print-changes'] === true) io.stdout(`${describeChange(change)}\n`);
      writeState?.();
    },
  });
  if (stateFile !== undefined) {
    writeState = throttled(() => saveState(sim, stateFile), 200);
    saveState(sim, stateFile);
  }
  const bound = await sim.start({ port });
  io.stdout(
    `banbridge router-sim listening on ${values.host ?? '127.0.0.1'}:${bound} (${cert ? 'api-ssl' : 'api'}, user "${user}")\n`,
  );
  if (cert) io.stdout(`certificate fingerprint (sha256): ${cert.fingerprint256}\n`);
  if (!stop.aborted) await once(stop, 'abort');
  await sim.stop();
  if (stateFile !== undefined) saveState(sim, stateFile);
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

/** `+ v4 "Blocked address" 45.155.205.233 timeout=23h59m59s comment="banbridge web01"` */
function describeChange({ family, verb, entry }: SimChange): string {
  const sign = verb === 'add' ? '+' : verb === 'remove' ? '-' : '~';
  const timeout =
    entry.expiresAt === undefined
      ? ''
      : ` timeout=${Math.round((entry.expiresAt - Date.now()) / 1000)}s`;
  const flags = `${entry.disabled ? ' disabled' : ''}${entry.dynamic ? ' dynamic' : ''}`;
  return `${sign} v${family} ${JSON.stringify(entry.list)} ${entry.address}${timeout}${flags} comment=${JSON.stringify(entry.comment ?? '')}`;
}

/** Both tables as JSON, written to a temporary file then renamed (readers never see half). */
function saveState(sim: RouterSim, file: string): void {
  const entries = ([4, 6] as const).flatMap((family) =>
    sim.entries(family).map((e) => ({
      family,
      id: `*${e.id.toString(16).toUpperCase()}`,
      list: e.list,
      address: e.address,
      comment: e.comment ?? null,
      dynamic: e.dynamic,
      disabled: e.disabled,
      expires_at: e.expiresAt === undefined ? null : new Date(e.expiresAt).toISOString(),
    })),
  );
  writeFileSync(`${file}.tmp`, `${JSON.stringify({ entries }, null, 1)}\n`);
  renameSync(`${file}.tmp`, file);
}

function throttled(run: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      run();
    }, ms);
  };
}
