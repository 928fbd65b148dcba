import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { BanbridgeError } from '../core/errors.js';
import type { Log } from '../core/logger.js';
import { RateLimiter } from '../core/policy/rate-limiter.js';
import type { CredentialChecker } from './credentials.js';
import { sendProblem } from './problem.js';

export interface AuthOptions {
  checker: CredentialChecker;
  log: Log;
  now: () => number;
  /** Failed attempts a client address may make per minute before it gets 429. */
  maxFailuresPerMinute?: number;
}

const CHALLENGE = 'Basic realm="banbridge", charset="UTF-8", Bearer realm="banbridge"';

/**
 * Authenticates HTTP Basic, `Authorization: Bearer`, or `?token=` (for Graylog versions that
 * can only set a URL). Failed attempts are limited per client address and presented user;
 * no secret is logged.
 */
export function authenticate(options: AuthOptions): RequestHandler {
  const failures = new RateLimiter(options.maxFailuresPerMinute ?? 10);
  return (req: Request, res: Response, next: NextFunction) => {
    const client = req.ip ?? 'unknown';
    const now = options.now();
    const presented = readCredential(req);
    // Throttled per client address AND presented user name (or "token"), so that one
    // client with a stale password behind a shared NAT does not lock out the others.
    const who = presented?.kind === 'basic' ? `user:${presented.name.slice(0, 64)}` : 'token';
    const slot = `${client} ${who}`;
    if (failures.remaining(slot, now) === 0) {
      const wait = failures.retryAfterSeconds(slot, now);
      res.setHeader('Retry-After', String(wait));
      sendProblem(
        res,
        new BanbridgeError(
          'AUTH_RATE_LIMITED',
          `too many failed authentications from ${client}; wait ${wait} s and check the credentials`,
        ),
      );
      return;
    }
    const principal =
      presented === undefined
        ? undefined
        : presented.kind === 'basic'
          ? options.checker.basic(presented.name, presented.secret)
          : options.checker.token(presented.secret);
    if (principal === undefined) {
      failures.record(slot, now);
      options.log.warn('authentication failed', {
        client,
        method: req.method,
        path: req.path,
        scheme: presented?.kind ?? 'none',
        ...(presented?.kind === 'basic' ? { user: presented.name.slice(0, 64) } : {}),
      });
      res.setHeader('WWW-Authenticate', CHALLENGE);
      sendProblem(
        res,
        new BanbridgeError(
          'UNAUTHENTICATED',
          presented === undefined
            ? 'send credentials: HTTP Basic, Authorization: Bearer TOKEN, or ?token=TOKEN'
            : 'the credentials are not valid; check the user name and secret configured under users:',
          {
            field:
              presented === undefined
                ? 'Authorization'
                : presented.kind === 'query'
                  ? 'token'
                  : 'Authorization',
          },
        ),
      );
      return;
    }
    res.locals.principal = principal;
    next();
  };
}

type Presented =
  | { kind: 'basic'; name: string; secret: string }
  | { kind: 'bearer'; secret: string }
  | { kind: 'query'; secret: string };

function readCredential(req: Request): Presented | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
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
  const token = req.query.token;
  if (typeof token === 'string' && token !== '') return { kind: 'query', secret: token };
  return undefined;
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
