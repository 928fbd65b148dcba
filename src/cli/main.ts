import { BanbridgeError } from '../core/errors.js';
import { UsageError } from './args.js';
import type { CliIo, Command } from './io.js';

/** Commands load on demand, so `banbridge status` does not load express or the simulator. */
const COMMANDS: Record<string, { load: () => Promise<Command>; summary: string }> = {
  serve: {
    load: async () => (await import('./commands/serve.js')).serveCommand,
    summary: 'run the service',
  },
  'check-config': {
    load: async () => (await import('./commands/check-config.js')).checkConfigCommand,
    summary: 'validate the config; exit 0 only when valid',
  },
  'show-config': {
    load: async () => (await import('./commands/show-config.js')).showConfigCommand,
    summary: 'print the effective config, secrets redacted',
  },
  ban: {
    load: async () => (await import('./commands/ban.js')).banCommand,
    summary: 'ban an address (IP or CIDR)',
  },
  unban: {
    load: async () => (await import('./commands/unban.js')).unbanCommand,
    summary: 'lift a ban',
  },
  show: {
    load: async () => (await import('./commands/show.js')).showCommand,
    summary: 'one address: banned or not and why, claims, evidence, routers',
  },
  list: {
    load: async () => (await import('./commands/list.js')).listCommand,
    summary: 'list bans',
  },
  status: {
    load: async () => (await import('./commands/status.js')).statusCommand,
    summary: 'ban counts and router state',
  },
  sync: {
    load: async () => (await import('./commands/sync.js')).syncCommand,
    summary: 'reconcile routers with the ban database now',
  },
  import: {
    load: async () => (await import('./commands/import.js')).importCommand,
    summary: "adopt a router's existing list entries as bans",
  },
  store: {
    load: async () => (await import('./commands/store-copy.js')).storeCopyCommand,
    summary: 'store copy --to URL_OR_PATH: copy the store between SQLite and PostgreSQL',
  },
  'router-sim': {
    load: async () => (await import('./commands/router-sim.js')).routerSimCommand,
    summary: 'run the built-in RouterOS API simulator',
  },
  'content-pack': {
    load: async () => (await import('./commands/content-pack.js')).contentPackCommand,
    summary: 'render or check a Graylog content pack',
  },
};

export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`,
  );
  return `usage: banbridge <command> [options]   (banbridge help <command>, banbridge <command> --help)\n\n${lines.join('\n')}\n\nconfig: --config FILE, else $BANBRIDGE_CONFIG, else ./banbridge.yaml\n`;
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
};

/** Runs one command; resolves to the exit code. Errors become one clear line on stderr. */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [first, ...others] = argv;
  // `banbridge help CMD` is `banbridge CMD --help`.
  const [name, ...rest] =
    first === 'help' && others[0] !== undefined ? [others[0], '--help'] : [first, ...others];
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === 'version') {
    io.stdout('banbridge 0.1.0\n');
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(`unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    return await (
      await command.load()
    )(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    if (error instanceof BanbridgeError) {
      io.stderr(`error ${error.code}: ${error.message}\n`);
      return 1;
    }
    io.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

// Run when executed directly (tsx src/cli/main.ts …); bin/banbridge.js imports runCli.
if (process.argv[1] !== undefined && /[\\/]cli[\\/]main\.(ts|js)$/.test(process.argv[1])) {
  process.exitCode = await runCli(process.argv.slice(2));
}
