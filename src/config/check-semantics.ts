import { accessSync, constants } from 'node:fs';
import { parseDuration } from '../core/duration.js';
import { isBanbridgeError } from '../core/errors.js';
import { compileAllowlist } from '../core/ip/index.js';
import type { ConfigProblem } from './problems.js';
import type { Config } from './types.js';

/** Rules a JSON Schema cannot say: uniqueness, cross-key limits, credentials present. */
export function checkSemantics(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const unique = (names: string[], at: string) => {
    const seen = new Map<string, number>();
    names.forEach((n, i) => {
      const first = seen.get(n);
      if (first !== undefined) {
        problems.push({
          path: `${at}[${i}].name`,
          message: `"${n}" is already used by ${at}[${first}]`,
        });
      } else seen.set(n, i);
    });
  };
  unique(
    config.users.map((u) => u.name),
    'users',
  );
  unique(
    config.routers.map((r) => r.name),
    'routers',
  );

  config.users.forEach((user, i) => {
    if (user.password === undefined && user.token === undefined) {
      problems.push({
        path: `users[${i}]`,
        message:
          'needs a password or a token (password, password_env, password_file, token, token_env or token_file)',
      });
    }
    if (user.token !== undefined && user.token.length < 16) {
      problems.push({
        path: `users[${i}].token`,
        message: 'must be at least 16 characters (use a random token)',
      });
    }
  });
  const tokens = new Map<string, number>();
  config.users.forEach((user, i) => {
    for (const secret of [user.token, user.password]) {
      if (secret === undefined) continue;
      const first = tokens.get(secret);
      if (first !== undefined && first !== i) {
        problems.push({
          path: `users[${i}]`,
          message: `shares a secret with users[${first}]; give each user its own`,
        });
      }
      tokens.set(secret, i);
    }
  });

  config.routers.forEach((router, i) => {
    if (router.password === undefined) {
      problems.push({
        path: `routers[${i}].password`,
        message: 'is required (password, password_env or password_file)',
      });
    }
    if (
      !router.tls &&
      (router.ca_file !== undefined || router.fingerprint !== undefined || router.tls_insecure)
    ) {
      problems.push({
        path: `routers[${i}].tls`,
        message: 'must be true when ca_file, fingerprint or tls_insecure is set',
      });
    }
    if (router.tls_insecure && (router.ca_file !== undefined || router.fingerprint !== undefined)) {
      problems.push({
        path: `routers[${i}].tls_insecure`,
        message: 'contradicts ca_file/fingerprint; remove one',
      });
    }
  });

  const readable = (path: string | undefined, at: string) => {
    if (path === undefined) return;
    try {
      accessSync(path, constants.R_OK);
    } catch (error) {
      problems.push({
        path: at,
        message: `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      });
    }
  };
  readable(config.listen.tls?.cert_file, 'listen.tls.cert_file');
  readable(config.listen.tls?.key_file, 'listen.tls.key_file');
  config.routers.forEach((router, i) => readable(router.ca_file, `routers[${i}].ca_file`));

  try {
    compileAllowlist(config.policy.allowlist);
  } catch (error) {
    if (!isBanbridgeError(error)) throw error;
    problems.push({
      path: error.field ?? 'policy.allowlist',
      message: error.message.replace(/^[^:]*: /, ''),
    });
  }

  const ban = parseDuration(config.policy.ban_time, 'policy.ban_time');
  const max = parseDuration(config.policy.max_ban_time, 'policy.max_ban_time');
  if (ban <= 0) problems.push({ path: 'policy.ban_time', message: 'must be longer than 0s' });
  if (ban > max) {
    problems.push({
      path: 'policy.ban_time',
      message: `must not exceed policy.max_ban_time (${config.policy.max_ban_time})`,
    });
  }
  if (
    parseDuration(config.worker.retry_base, 'worker.retry_base') >
    parseDuration(config.worker.retry_max, 'worker.retry_max')
  ) {
    problems.push({ path: 'worker.retry_base', message: 'must not exceed worker.retry_max' });
  }
  config.routers.forEach((router, i) => {
    if (parseDuration(router.sync_interval, 'sync_interval') < 10_000) {
      problems.push({ path: `routers[${i}].sync_interval`, message: 'must be at least 10s' });
    }
  });
  return problems;
}
