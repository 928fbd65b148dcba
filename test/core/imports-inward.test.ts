import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/spawn-banbridge.js';

/** Lints `code` as if it were the file at `path`, with the project's eslint.config.js. */
async function restricted(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${path}` });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('lint: core/ imports nothing outward', () => {
  it.each([
    ['src/core/policy/x.ts', "import type { BanRow } from '../../store/bans.js';"],
    ['src/core/x.ts', "import { report } from '../pipeline/report.js';"],
    ['src/core/ip/x.ts', "import type { Config } from '../../config/types.js';"],
    ['src/core/x.ts', "import { readFileSync } from 'node:fs';"],
    ['src/core/ip/x.ts', "import express from 'express';"],
  ])('%s: %s is an error', async (path, code) => {
    const messages = await restricted(path, `${code}\nexport const x = 1;\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/core\//);
  });

  it.each([
    ['src/core/policy/x.ts', "import { parseAddress } from '../ip/index.js';"],
    ['src/core/ip/x.ts', "import { BanbridgeError } from '../errors.js';"],
    ['src/core/x.ts', "import { parseDuration } from './duration.js';"],
    ['src/pipeline/x.ts', "import type { BanRow } from '../store/bans.js';"],
  ])('%s: %s is fine', async (path, code) => {
    expect(await restricted(path, `${code}\nexport const x = 1;\n`)).toEqual([]);
  });
});
