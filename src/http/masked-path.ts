import { maskSecrets } from '../core/mask-secrets.js';

/**
 * The request path as it may be logged or echoed: %-escapes decoded (so `%74oken=` is seen),
 * every credential-like value replaced by `***`, and long token-like runs too. A mistyped URL
 * such as `/v1/graylog&token=SECRET` (the `?` written as `&`) then never shows the secret.
 */
export function maskedPath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // a malformed escape: mask the raw text
  }
  return maskSecrets(decoded).slice(0, 300);
}
