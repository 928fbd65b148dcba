import {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type { Log } from '../../core/logger.js';
import { body } from '../body.js';
import { principalOf } from '../principal.js';
import { readCookie, SESSION_COOKIE, setSessionCookie } from './cookies.js';
import { loginPage } from './pages/login-page.js';
import { renderProblemWith } from './problem-pages.js';
import { checkOrigin, requireCsrf, requireSession } from './require-session.js';
import type { SessionLimits, SessionStore } from './sessions.js';
import { sendPage } from './send-page.js';

/** Where to go after signing in: only our own console pages (no open redirect). */
function safeNext(value: unknown): string {
  // Printable ASCII without a backslash: no header injection, no way off this origin.
  return typeof value === 'string' &&
    value.length <= 500 &&
    /^\/ui\/[\x21-\x5b\x5d-\x7e]*$/.test(value)
    ? value
    : '/ui/';
}

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/**
 * The sign-in form is read before anyone is authenticated: what it holds (a name of at most
 * 100 characters, a password of at most 1,000, a path to go back to) fits well within this,
 * and a peer holding many slow connections open cannot make the server buffer the API's
 * body_limit on each (measured: 3,000 connections of a 250 KB form took 1.4 GB).
 */
const SIGN_IN_BODY_LIMIT = '8kb';

/**
 * Sign-in goes through the API's own authenticate middleware (same users, same constant-time
 * check, same failed-login throttle per client address and user name): the form's name and
 * password are presented to it as HTTP Basic.
 */
export function signInRoutes(options: {
  auth: RequestHandler;
  sessions: SessionStore;
  limits: SessionLimits;
  log: Log;
}): Router {
  const router = Router();
  router.get('/ui/login', (req: Request, res: Response) => {
    sendPage(res, loginPage({ next: safeNext(req.query.next) }));
  });
  router.post(
    '/ui/login',
    checkOrigin,
    ...body(['form'], SIGN_IN_BODY_LIMIT),
    (req: Request, res: Response, next: NextFunction) => {
      const form = req.body as Record<string, unknown>;
      const name = text(form.name, 100);
      const password = text(form.password, 1000);
      const after = safeNext(form.next);
      renderProblemWith(res, (p) => loginPage({ problem: p.detail, name, next: after }));
      req.headers.authorization = `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;
      res.locals.next = after;
      options.auth(req, res, next);
    },
    (req: Request, res: Response) => {
      const principal = principalOf(res);
      const { id } = options.sessions.create(principal);
      setSessionCookie(req, res, id, options.limits.absoluteMs);
      options.log.info('console sign-in', {
        user: principal.name,
        role: principal.role,
        client: req.ip,
      });
      res.redirect(303, res.locals.next as string);
    },
  );
  router.post(
    '/ui/logout',
    checkOrigin,
    requireSession(options.sessions),
    ...body(['form'], SIGN_IN_BODY_LIMIT),
    requireCsrf,
    (req: Request, res: Response) => {
      options.sessions.destroy(readCookie(req, SESSION_COOKIE));
      setSessionCookie(req, res, '', 0);
      res.redirect(303, '/ui/login');
    },
  );
  return router;
}
