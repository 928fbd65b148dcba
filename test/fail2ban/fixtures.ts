/** Shared by the adapter tests: captured bodies and the expected error shape. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { BanbridgeError } from '../../src/core/errors.js';
import { REPO_ROOT } from './conf-dir.js';

/** A captured body as the form parser hands it over. */
export const formFixture = (name: string): Record<string, string> =>
  Object.fromEntries(
    new URLSearchParams(
      readFileSync(join(REPO_ROOT, 'test/fixtures/fail2ban', name), 'utf8').replace(/\n$/, ''),
    ),
  );

/** The error thrown by `fn`, asserted to be FAIL2BAN_BODY_INVALID. */
export function invalid(fn: () => unknown): BanbridgeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(BanbridgeError);
    const err = e as BanbridgeError;
    expect(err.code).toBe('FAIL2BAN_BODY_INVALID');
    expect(err.status).toBe(400);
    return err;
  }
  throw new Error('expected FAIL2BAN_BODY_INVALID, nothing was thrown');
}
