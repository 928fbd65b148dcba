import type { Options } from './args.js';

/** What `banbridge CMD --help` (and `banbridge help CMD`) says about a command. */
export interface CommandHelp {
  /** One paragraph: what the command does and what it never does. */
  summary: string;
  /** Positional arguments by their usage name (`IP`). */
  arguments?: Record<string, string>;
  /** Every option of the command by its long name, with its value in the usage (`TEXT`). */
  options?: Record<string, { value?: string; text: string }>;
}

const COMMON: [string, string][] = [
  ['-c, --config FILE', 'the config file (default: $BANBRIDGE_CONFIG, else ./banbridge.yaml)'],
  ['-h, --help', 'this help'],
];

/**
 * The help text: usage, summary, arguments and every option. An option the command parses
 * but does not describe is shown as such, so a test can require that none is left out.
 */
export function helpText(
  usage: string,
  options: Options,
  help: CommandHelp | undefined,
  takesConfig = true,
): string {
  const lines = [`usage: ${usage}`];
  if (help !== undefined) lines.push('', wrap(help.summary));
  const args = Object.entries(help?.arguments ?? {});
  const rows: [string, string][] = [
    ...Object.keys(options).map((name): [string, string] => {
      const described = help?.options?.[name];
      const short = options[name]?.short;
      const flag = `${short === undefined ? '' : `-${short}, `}--${name}${described?.value === undefined ? '' : ` ${described.value}`}`;
      return [flag, described?.text ?? '(not described)'];
    }),
    ...COMMON.filter(([name]) => takesConfig || !name.includes('--config')),
  ];
  const width = Math.max(...[...args, ...rows].map(([name]) => name.length));
  if (args.length > 0) {
    lines.push('', 'arguments:', ...args.map(([name, text]) => `  ${name.padEnd(width)}  ${text}`));
  }
  lines.push('', 'options:', ...rows.map(([name, text]) => `  ${name.padEnd(width)}  ${text}`));
  return `${lines.join('\n')}\n`;
}

function wrap(text: string, width = 88): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') out.push(line);
  return out.join('\n');
}
