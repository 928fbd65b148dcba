import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  checkContentPack,
  DEFAULT_THRESHOLDS,
  formatProblem,
  renderContentPack,
} from '../../content-pack/index.js';
import { parse, UsageError, type Options } from '../args.js';
import { helpText, type CommandHelp } from '../help-text.js';
import type { Command } from '../io.js';

const USAGE =
  'banbridge content-pack --url URL [--token-env VAR] [--v2] [--servers-port N] [--mikrotik-port N]\n' +
  '                       [--ssh-threshold N] [--mikrotik-threshold N] [--window-minutes N] > pack.json\n' +
  '       banbridge content-pack --check FILE';

const OPTIONS = {
  url: { type: 'string' },
  'token-env': { type: 'string' },
  v2: { type: 'boolean' },
  check: { type: 'string' },
  'servers-port': { type: 'string' },
  'mikrotik-port': { type: 'string' },
  'ssh-threshold': { type: 'string' },
  'mikrotik-threshold': { type: 'string' },
  'window-minutes': { type: 'string' },
} satisfies Options;

const HELP: CommandHelp = {
  summary:
    "Renders banbridge's Graylog content pack (inputs, streams, event definitions and the " +
    'notification that reports to banbridge) for your URL on stdout, or checks any content ' +
    "pack against Graylog's install-time rules. " +
    'The token is read from an environment variable and only written into the pack.',
  options: {
    url: { value: 'URL', text: "banbridge's POST /v1/graylog URL as Graylog will reach it" },
    'token-env': {
      value: 'VAR',
      text: 'environment variable holding the reporter token (else set auth after install)',
    },
    v2: { text: 'Custom HTTP Notification with the token in a header (default: ?token= URL)' },
    'servers-port': { value: 'N', text: 'syslog input port for servers (default 5140)' },
    'mikrotik-port': { value: 'N', text: 'syslog input port for MikroTik routers (default 5141)' },
    'ssh-threshold': {
      value: 'N',
      text: 'SSH failures from one address that report it (default 5)',
    },
    'mikrotik-threshold': {
      value: 'N',
      text: 'MikroTik login failures from one address that report it (default 5)',
    },
    'window-minutes': { value: 'N', text: 'the window both thresholds count in (default 10)' },
    check: { value: 'FILE', text: 'check FILE instead of rendering (not with --url)' },
  },
};

/** A syslog input port: above 1024, as Graylog binds inputs without root (the default user). */
function inputPort(text: string | undefined, flag: string): number | undefined {
  const port = positiveInteger(text, flag);
  if (port !== undefined && (port < 1025 || port > 65535))
    throw new UsageError(`${flag}: ${port} is not a port from 1025 to 65535\nusage: ${USAGE}`);
  return port;
}

function positiveInteger(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`${flag}: "${text}" is not a positive integer\nusage: ${USAGE}`);
  return Number(text);
}

function check(file: string, io: Parameters<Command>[1]): number {
  let pack: unknown;
  try {
    pack = JSON.parse(readFileSync(resolve(io.cwd, file), 'utf8')) as unknown;
  } catch (error) {
    io.stderr(`${file}: cannot read a JSON content pack: ${(error as Error).message}\n`);
    return 1;
  }
  const result = checkContentPack(pack);
  for (const problem of result.problems) io.stderr(`${formatProblem(problem)}\n`);
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  const warnings = result.problems.length - errors;
  io.stdout(
    result.valid
      ? `${file}: installable on Graylog ${result.minVersion} and later (${warnings} warning(s))\n`
      : `${file}: ${errors} problem(s) that make Graylog refuse the upload or fail the install\n`,
  );
  return result.valid ? 0 : 1;
}

/**
 * Renders banbridge's Graylog content pack for the operator's URL (stdout), or checks any pack
 * against Graylog's install-time rules. The token is read from the named environment variable
 * and only ever written into the pack, never to stderr.
 */
export const contentPackCommand: Command = async (args, io) => {
  const { values } = parse(args, OPTIONS, USAGE);
  if (values.help === true) {
    io.stdout(helpText(USAGE, OPTIONS, HELP, false));
    return 0;
  }
  if (values.check !== undefined) {
    if (values.url !== undefined)
      throw new UsageError(`--check and --url do not go together\nusage: ${USAGE}`);
    return check(values.check, io);
  }
  if (values.url === undefined) throw new UsageError(`--url is required\nusage: ${USAGE}`);
  if (!URL.canParse(values.url) || !/^https?:$/.test(new URL(values.url).protocol)) {
    throw new UsageError(
      `--url: "${values.url}" is not an http(s) URL, e.g. https://banbridge.example:8080/v1/graylog\nusage: ${USAGE}`,
    );
  }
  let token: string | undefined;
  const tokenEnv = values['token-env'];
  if (tokenEnv !== undefined) {
    token = io.env[tokenEnv];
    if (token === undefined || token === '') {
      io.stderr(
        `--token-env ${tokenEnv}: the environment variable ${tokenEnv} is not set or empty; export the reporter token in it\n`,
      );
      return 1;
    }
    // Graylog splits the Custom HTTP Notification's header field on ';' (HTTPNotification
    // .addHeaders, 6.0.6 to 7.x), so a header value cannot hold one, nor a line break.
    if (values.v2 === true && /[;\r\n]/.test(token)) {
      io.stderr(
        `--token-env ${tokenEnv}: the token holds ';' or a line break, which Graylog's header field cannot carry; use a token without them, or leave out --v2 (?token= in the URL)\n`,
      );
      return 1;
    }
  }
  const window = positiveInteger(values['window-minutes'], '--window-minutes');
  const thresholds = (
    count: number | undefined,
    base: { count: number; windowMinutes: number },
  ) => ({
    count: count ?? base.count,
    windowMinutes: window ?? base.windowMinutes,
  });
  const serversPort = inputPort(values['servers-port'], '--servers-port');
  const mikrotikPort = inputPort(values['mikrotik-port'], '--mikrotik-port');
  const pack = renderContentPack({
    url: values.url,
    ...(token === undefined ? {} : { token }),
    v2: values.v2 === true,
    ...(serversPort === undefined ? {} : { serversPort }),
    ...(mikrotikPort === undefined ? {} : { mikrotikPort }),
    ssh: thresholds(
      positiveInteger(values['ssh-threshold'], '--ssh-threshold'),
      DEFAULT_THRESHOLDS.ssh,
    ),
    mikrotik: thresholds(
      positiveInteger(values['mikrotik-threshold'], '--mikrotik-threshold'),
      DEFAULT_THRESHOLDS.mikrotik,
    ),
  });
  const result = checkContentPack(pack);
  if (!result.valid) {
    for (const problem of result.problems) io.stderr(`${formatProblem(problem)}\n`);
    return 1;
  }
  io.stdout(`${JSON.stringify(pack, null, 2)}\n`);
  io.stderr(
    `content pack for ${new URL(values.url).origin} (Graylog ${result.minVersion}+, ` +
      `${values.v2 === true ? 'Custom HTTP Notification, token in a header' : 'HTTP Notification'}` +
      `${token === undefined ? ', no token: set Basic auth in the notification after install' : ''}); ` +
      'upload it in System → Content Packs; on Graylog 7.x start the two banbridge streams\n',
  );
  return 0;
};
