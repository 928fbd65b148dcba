import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  checkContentPack,
  DEFAULT_THRESHOLDS,
  formatProblem,
  renderContentPack,
} from '../../content-pack/index.js';
import { parse, UsageError } from '../args.js';
import type { Command } from '../io.js';

const USAGE =
  'banbridge content-pack --url URL [--token-env VAR] [--v2] [--servers-port N] [--mikrotik-port N]\n' +
  '                       [--ssh-threshold N] [--mikrotik-threshold N] [--window-minutes N] > pack.json\n' +
  '       banbridge content-pack --check FILE';

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
  const { values } = parse(
    args,
    {
      url: { type: 'string' },
      'token-env': { type: 'string' },
      v2: { type: 'boolean' },
      check: { type: 'string' },
      'servers-port': { type: 'string' },
      'mikrotik-port': { type: 'string' },
      'ssh-threshold': { type: 'string' },
      'mikrotik-threshold': { type: 'string' },
      'window-minutes': { type: 'string' },
    },
    USAGE,
  );
  if (values.help === true) {
    io.stdout(`${USAGE}\n`);
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
  }
  const window = positiveInteger(values['window-minutes'], '--window-minutes');
  const thresholds = (
    count: number | undefined,
    base: { count: number; windowMinutes: number },
  ) => ({
    count: count ?? base.count,
    windowMinutes: window ?? base.windowMinutes,
  });
  const serversPort = positiveInteger(values['servers-port'], '--servers-port');
  const mikrotikPort = positiveInteger(values['mikrotik-port'], '--mikrotik-port');
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
