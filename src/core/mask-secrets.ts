/**
 * A credential-like name and its separator: `token=`, `password:`, `api_key=` (group 1). The
 * quantifiers are bounded: unbounded, each `key` in a run like `keykeykey…` scanned the rest
 * of the text before backtracking, quadratic in its length (a 16 KB request path cost 75 ms
 * of CPU to log, unauthenticated).
 */
const SECRET_NAME = String.raw`((?:token|password|passwd|secret|api[_-]?key|key|auth)[a-z_-]{0,32}\s{0,8}[=:]\s{0,8})`;
/** Such a name followed by its value, up to the next URL delimiter. */
const NAMED_SECRET = new RegExp(`${SECRET_NAME}[^&;/?#\\s]+`, 'gi');
/** Such a name and everything after it up to `&`, `;` or white space. */
const NAMED_SECRET_TO_END = new RegExp(`${SECRET_NAME}[^&;\\s]+`, 'gi');
/**
 * A long run that mixes letters and digits: looks like a token even without a name. 16 is
 * the shortest token check-config accepts (the logger also blanks every configured secret).
 */
const TOKEN_LIKE = /[A-Za-z0-9_+=-]{16,}/g;

/** Replaces credential-like values and long letter-and-digit runs in any text with `***`. */
export function maskSecrets(text: string): string {
  return text
    .replace(NAMED_SECRET, '$1***')
    .replace(TOKEN_LIKE, (run) => (/[0-9]/.test(run) && /[A-Za-z]/.test(run) ? '***' : run));
}

/**
 * Only credential-like names and their values (`…&token=***`), for text a user typed where
 * one value was expected (an address): unlike maskSecrets, ordinary long words stay readable.
 */
export function maskNamedSecrets(text: string): string {
  return text.replace(NAMED_SECRET_TO_END, '$1***');
}
