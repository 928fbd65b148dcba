import { urlSecrets } from '../core/redact-url.js';
import type { Config } from './types.js';

/**
 * Every secret the config holds (users' passwords and tokens, routers' passwords, the
 * PostgreSQL URL's password), for the logger to blank out wherever one shows up — typed into
 * a user-name field, pasted into a URL too short for the token heuristic, or quoted in an
 * error. Shorter than 8 characters is left out: check-config refuses users' secrets that
 * short, and masking every short word would garble the log.
 */
export function configuredSecrets(
  config: Pick<Config, 'users' | 'routers'> & { store?: Pick<Config['store'], 'url'> },
): string[] {
  const secrets = [
    ...config.users.flatMap((u) => [u.password, u.token]),
    ...config.routers.map((r) => r.password),
    ...(config.store?.url === undefined ? [] : urlSecrets(config.store.url)),
  ];
  return [...new Set(secrets.filter((s): s is string => s !== undefined && s.length >= 8))];
}
