/**
 * The README's "Try it" block, run as printed (bash, in the checkout): the public address
 * is banned, the documentation and private ones are refused with IP_RESERVED and exit 2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { run } from './helpers/daemons.js';
import { ROOT } from './helpers/spawn-banbridge.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('### Try it'),
  readme.indexOf('### Install as a service'),
);
const block = /```sh\n([^]*?)```/.exec(section)?.[1] ?? '';

it('the README "Try it" block bans a public address and shows two refusals', () => {
  expect(block).toContain('npx banbridge ban 45.155.205.233');
  const r = run('bash', ['-e', '-c', block], { cwd: ROOT, timeoutMs: 180_000 });
  const out = r.stdout + r.stderr;
  expect(r.code, out).toBe(0);
  expect(out).toMatch(/banbridge\.yaml: valid \(1 user\(s\), 0 router\(s\)/);
  expect(out).toMatch(/^45\.155\.205\.233: banned as 45\.155\.205\.233 until \S+ \(offence 1\)$/m);
  expect(out).toMatch(/^192\.0\.2\.10: refused IP_RESERVED: .*Documentation/m);
  expect(out).toMatch(/^10\.1\.2\.3: refused IP_RESERVED: .*Private-Use/m);
  expect(out.match(/^refused, exit 2$/gm)).toHaveLength(2);
  expect(out).toMatch(/^45\.155\.205\.233 .* cli +ssh brute force$/m);
  expect(out).toContain('1 ban(s)');
}, 200_000);
