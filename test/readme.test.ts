import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../src/cli/main.js';
import { ERROR_CODES } from '../src/core/errors.js';
import { configSchema } from '../src/config/schema.js';
import { ROOT } from './helpers/spawn-banbridge.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README tells the truth', () => {
  it('lists every error code with its status and retryability, and no other', () => {
    // `—`: a per-address code (status null in ERROR_CODES), never an HTTP answer's status.
    const rows = [...readme.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}[^|]*|—) \| (yes|no) \|/gm)];
    const table = Object.fromEntries(
      rows.map((m) => [
        m[1],
        { status: m[2] === '—' ? null : Number(m[2]!.slice(0, 3)), retryable: m[3] === 'yes' },
      ]),
    );
    const code = Object.fromEntries(
      Object.entries(ERROR_CODES).map(([k, v]) => [
        k,
        { status: v.status, retryable: v.retryable },
      ]),
    );
    expect(table).toEqual(code);
  });

  it('documents every CLI command', () => {
    for (const name of COMMAND_NAMES) expect(readme, name).toContain(`banbridge ${name}`);
  });

  it('documents every top-level and policy config key', () => {
    for (const key of Object.keys(configSchema.properties)) {
      expect(
        ['`' + key + '.', '`' + key + '[', '`' + key + '`'].some((form) => readme.includes(form)),
        key,
      ).toBe(true);
    }
    for (const key of Object.keys(configSchema.properties.policy.properties))
      expect(readme, key).toContain(key);
    for (const key of Object.keys(configSchema.properties.routers.items.properties)) {
      if (key.endsWith('_env') || key.endsWith('_file')) continue;
      expect(readme, key).toContain(key);
    }
  });

  it('shows the two commands', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
  });
});
