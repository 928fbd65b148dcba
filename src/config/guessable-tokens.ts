import type { ConfigProblem } from './problems.js';
import type { Config } from './types.js';

/**
 * Fewer different characters than this in a token looks typed, not generated: 16 characters
 * from `openssl rand -hex 8` hold 10 or more different ones with a probability above 99 %.
 */
const MIN_DIFFERENT_CHARACTERS = 8;

/**
 * Warnings (never errors: a running setup keeps starting) for tokens that look guessable, such
 * as `0000000000000000`. A token is found by trying; the failed-login throttle answers 429 to
 * wrong guesses after ten, but a right one still passes (so no one can lock a sender out),
 * so it slows no guesser down. Names the key, never the value.
 */
export function guessableTokens(config: Config): ConfigProblem[] {
  const warnings: ConfigProblem[] = [];
  config.users.forEach((user, i) => {
    if (user.token === undefined) return;
    const different = new Set(user.token).size;
    if (different >= MIN_DIFFERENT_CHARACTERS) return;
    warnings.push({
      path: `users[${i}].token`,
      message: `has only ${different} different character(s): it looks guessable, and guessing is not stopped by the login throttle; use a random one (openssl rand -hex 24)`,
    });
  });
  return warnings;
}
