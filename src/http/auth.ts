import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { BanbridgeError } from '../core/errors.js';
import type { Log } from '../core/logger.js';
import type { AuthThrottle } from './auth-throttle.js';
import type { CredentialChecker } from './credentials.js';
import { maskedPath } from './masked-path.js';
import type { Principal } from './principal.js';
import { sendProblem } from './problem.js';

export interface AuthOptions {
  checker: CredentialChecker;
  log: Log;
  now: () => number;
  /** Failed attempts per client address and user name per minute before they get 429. */
  throttle: AuthThrottle;
}

const CHALLENGE = 'Basic realm="banbridge", charset="UTF-8", Bearer realm="banbridge"';

/**
 * Authenticates HTTP Basic, `Authorization: Bearer`, or `?token=` (for Graylog versions that
 * can only set a URL). A wrong secret counts against (client address, presented user name);
 * past the limit that slot is answered 429 instead of 401 — and so is its user's correct
 * *password* from that client, or the throttle would only tell a guesser when to stop. A
 * valid *token* always passes (tokens are long and random: the Graylog `?token=` behind the
 * same NAT as a stale-password server is never cut off), and a lockout never reaches another
 * client address. No credential at all is a plain 401, uncounted. No secret is logged.
 */
export function authenticate(options: AuthOptions): RequestHandler {
  const { throttle } = options;
  return (req: Request, res: Response, next: NextFunction) => {
    const client = req.ip ?? 'unknown';
    const presented = readCredential(req);
    if (presented === undefined) {
      res.setHeader('WWW-Authenticate', CHALLENGE);
      sendProblem(
        res,
        new BanbridgeError(
          'UNAUTHENTICATED',
          'send credentials: HTTP Basic, Authorization: Bearer TOKEN, or ?token=TOKEN',
          { field: 'Authorization' },
        ),
      );
      return;
    }
    const principal = accepted(options, presented, () => client);
    if (principal !== undefined) {
      res.locals.principal = principal;
      next();
      return;
    }
    const user = presented.kind === 'basic' ? presented.name : undefined;
    const wait = throttle.lockedFor(client, user, options.now());
    // Failed sign-ins are logged here (below), so their request log lines are debug.
    res.locals.failedSignIn = true;
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      sendProblem(
        res,
        new BanbridgeError(
          'AUTH_RATE_LIMITED',
          // The same words for a configured user and any other name: the answer must not
          // tell a guesser which names exist.
          `too many failed authentications from ${client}` +
            (user === undefined ? ' with tokens' : ' for that user name') +
            `; wait ${wait} s and check the credentials`,
        ),
      );
      return;
    }
    // Logged per failure until the slot locks, then not per attempt: bounded log volume. A
    // token (one slot per address) and a configured user name (its own slot) lock after
    // maxFailuresPerMinute; other names do not, as each is a new slot, so their lines share a
    // budget per address, which never silences a configured user's failures.
    const locks = throttle.fail(client, user, options.now()) > 0;
    const known = user !== undefined && options.checker.knows(user);
    const logged = user === undefined || known ? 'yes' : throttle.logFailure(client, options.now());
    if (logged !== 'no') {
      options.log.warn(
        (locks ? 'authentication failed; throttled' : 'authentication failed') +
          (logged === 'last'
            ? '; further failures with unknown user names from this address go unlogged for up to a minute'
            : ''),
        {
          client,
          method: req.method,
          path: maskedPath(req.path),
          scheme: presented.kind,
          // A name that is no configured user is not logged: it is often a secret typed there.
          ...(user === undefined ? {} : { user: known ? user : '(not a configured user)' }),
        },
      );
    }
    res.setHeader('WWW-Authenticate', CHALLENGE);
    sendProblem(
      res,
      new BanbridgeError(
        'UNAUTHENTICATED',
        'the credentials are not valid; check the user name and secret configured under users:',
        { field: presented.kind === 'query' ? 'token' : 'Authorization' },
      ),
    );
  };
}

type Presented =
  | { kind: 'basic'; name: string; secret: string }
  | { kind: 'bearer'; secret: string }
  | { kind: 'query'; secret: string };

function readCredential(req: Request): Presented | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string') return credentialInHeader(header);
  const token = req.query.token;
  if (typeof token === 'string' && token !== '') return { kind: 'query', secret: token };
  return undefined;
}

/** The credential an Authorization header carries (Basic or Bearer), if it is well-formed. */
function credentialInHeader(header: string): Presented | undefined {
  const [scheme, value] = splitOnce(header.trim(), ' ');
  if (/^basic$/i.test(scheme) && value !== undefined) {
    const decoded = Buffer.from(value.trim(), 'base64').toString('utf8');
    const [name, secret] = splitOnce(decoded, ':');
    if (secret !== undefined) return { kind: 'basic', name, secret };
    return undefined;
  }
  if (/^bearer$/i.test(scheme) && value !== undefined && value.trim() !== '') {
    return { kind: 'bearer', secret: value.trim() };
  }
  return undefined;
}

/**
 * The caller an Authorization header proves, when authenticate() would let the request
 * through; otherwise undefined, and the request takes the express path, where
 * authenticate() answers it (401 or 429) and counts the failure. Both decide with accepted().
 */
export function passingPrincipal(
  options: AuthOptions,
  header: string | undefined,
  client: () => string,
): Principal | undefined {
  const presented = header === undefined ? undefined : credentialInHeader(header);
  return presented === undefined ? undefined : accepted(options, presented, client);
}

/**
 * Whether a presented credential lets its request through: the constant-time comparison over
 * every user, then, for a correct password (never a token), its client's throttle slot.
 */
function accepted(
  options: AuthOptions,
  presented: Presented,
  client: () => string,
): Principal | undefined {
  if (presented.kind !== 'basic') return options.checker.token(presented.secret);
  const matched = options.checker.basic(presented.name, presented.secret);
  if (matched === undefined) return undefined;
  if (
    matched.via === 'password' &&
    options.throttle.lockedFor(client(), presented.name, options.now()) > 0
  ) {
    return undefined;
  }
  return { name: matched.name, role: matched.role };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}

export function requireAdmin(_req: Request, res: Response, next: NextFunction): void {
  const principal = res.locals.principal as { role?: string } | undefined;
  if (principal?.role === 'admin') {
    next();
    return;
  }
  sendProblem(res, new BanbridgeError('FORBIDDEN', 'this needs an admin credential (role: admin)'));
}
