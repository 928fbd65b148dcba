import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/capture-io.js';

const COMMANDS = [
  'serve',
  'check-config',
  'show-config',
  'ban',
  'unban',
  'list',
  'status',
  'import',
  'show',
  'sync',
  'router-sim',
  'content-pack',
  'store',
];

async function run(...args: string[]) {
  const io = captureIo('/');
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

describe('banbridge help CMD and CMD --help', () => {
  it.each(COMMANDS)('%s: both print the same help, describing every option', async (name) => {
    const viaHelp = await run('help', name);
    const viaFlag = await run(name, '--help');
    expect(viaHelp).toEqual(viaFlag);
    expect(viaHelp.code).toBe(0);
    const text = viaHelp.out;
    expect(text).not.toContain('(not described)');
    const [usage = '', ...rest] = text.split('\n');
    const body = rest.join('\n');
    const summary = body.split('\n\n')[1] ?? '';
    expect(summary.length).toBeGreaterThan(40);
    for (const option of usage.match(/--[a-z0-9-]+/g) ?? []) {
      expect(body, option).toMatch(new RegExp(`^  (-[a-z], )?${option}\\b[^\\n]*? {2,}\\S`, 'm'));
    }
  });

  it('banbridge store copy --help is the store help', async () => {
    const copy = await run('store', 'copy', '--help');
    expect(copy.code).toBe(0);
    expect(copy).toEqual(await run('help', 'store'));
    expect(copy.out).toContain('STORE_OUTDATED');
  });

  it('banbridge help lists every command', async () => {
    const { code, out } = await run('help');
    expect(code).toBe(0);
    for (const name of COMMANDS) expect(out).toContain(`  ${name} `);
  });
});
