import { accessSync, constants } from 'node:fs';
import { parseDuration } from '../core/duration.js';
import { isBanbridgeError } from '../core/errors.js';
import { compileAllowlist } from '../core/ip/index.js';
import { checkStoreDirectory } from './check-store-directory.js';
import type { ConfigProblem } from './problems.js';
import type { Config } from './types.js';

/** Source names banbridge records its own actions under (CLI, import, expiry). */
const RESERVED_NAMES = new Set(['cli', 'import', 'banbridge', 'expiry']);

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
    if (RESERVED_NAMES.has(user.name)) {
      problems.push({
        path: `users[${i}].name`,
        message: `"${user.name}" is reserved (banbridge records its own actions under it); choose another name`,
      });
    }
    if (user.password !== undefined && user.password.length < 8) {
      problems.push({ path: `users[${i}].password`, message: 'must be at least 8 characters' });
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
    // tls-settings.ts: a pinned fingerprint replaces the chain check, so a ca_file beside it
    // would be read by nobody.
    if (router.ca_file !== undefined && router.fingerprint !== undefined) {
      problems.push({
        path: `routers[${i}].fingerprint`,
        message: 'give only one of ca_file (check the chain) and fingerprint (pin the certificate)',
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
  problems.push(...checkStoreDirectory(config.store));
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

  // Every duration must parse (a safe number of ms) and respect its floor.
  const ms = (
    text: string,
    path: string,
    floorMs: number,
    floorText: string,
  ): number | undefined => {
    let value: number;
    try {
      value = parseDuration(text, path);
    } catch {
      problems.push({ path, message: `"${text}" is too long a duration` });
      return undefined;
    }
    if (value < floorMs) problems.push({ path, message: `must be at least ${floorText}` });
    return value;
  };
  config.routers.forEach((router, i) => {
    ms(router.command_timeout, `routers[${i}].command_timeout`, 1000, '1s');
    ms(router.connect_timeout, `routers[${i}].connect_timeout`, 1000, '1s');
    ms(router.sync_interval, `routers[${i}].sync_interval`, 10_000, '10s');
  });
  ms(config.policy.allowlist_refresh, 'policy.allowlist_refresh', 10_000, '10s');
  ms(config.policy.escalation.window, 'policy.escalation.window', 0, '0s');
  ms(config.worker.refresh_below, 'worker.refresh_below', 0, '0s');
  ms(config.store.audit_retention, 'store.audit_retention', 86_400_000, '1d');
  config.sources.graylog.overrides.forEach((o, i) => {
    if (o.ban_time !== undefined)
      ms(o.ban_time, `sources.graylog.overrides[${i}].ban_time`, 1000, '1s');
  });
  const ban = ms(config.policy.ban_time, 'policy.ban_time', 1000, '1s') ?? 0;
  const max = ms(config.policy.max_ban_time, 'policy.max_ban_time', 60_000, '1m') ?? Infinity;
  if (ban > max) {
    problems.push({
      path: 'policy.ban_time',
      message: `must not exceed policy.max_ban_time (${config.policy.max_ban_time})`,
    });
  }
  // ipv6_prefix decides the ban key; a key wider than min_cidr_v6 is refused (IP_TOO_WIDE),
  // so every IPv6 report would be refused (build-policy.ts addressJudge).
  if (config.policy.ipv6_prefix < config.policy.min_cidr_v6) {
    problems.push({
      path: 'policy.ipv6_prefix',
      message:
        `/${config.policy.ipv6_prefix} is wider than policy.min_cidr_v6 (/${config.policy.min_cidr_v6}), ` +
        'so every IPv6 report would be refused as IP_TOO_WIDE; raise ipv6_prefix or lower min_cidr_v6',
    });
  }
  const retryBase = ms(config.worker.retry_base, 'worker.retry_base', 100, '100ms');
  const retryMax = ms(config.worker.retry_max, 'worker.retry_max', 100, '100ms');
  if (retryBase !== undefined && retryMax !== undefined && retryBase > retryMax) {
    problems.push({ path: 'worker.retry_base', message: 'must not exceed worker.retry_max' });
  }
  return problems;
}
