import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { BanbridgeError } from '../../core/errors.js';
import { crossSite } from '../cross-site.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { href } from './html.js';
import { csrfMatches, type Session, type SessionStore } from './sessions.js';

/** The signed-in session of this request (set by requireSession). */
export function sessionOf(res: Response): Session {
  return res.locals.session as Session;
}

/** Pages need a live session: without one, GETs go to the sign-in page and changes fail. */
export function requireSession(sessions: SessionStore): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const session = sessions.get(readCookie(req, SESSION_COOKIE));
    if (session === undefined) {
      if (req.method === 'GET' || req.method === 'HEAD') {
        res.redirect(303, href('/ui/login', { next: req.originalUrl }));
        return;
      }
      throw new BanbridgeError('UNAUTHENTICATED', 'your session ended; sign in again');
    }
    res.locals.session = session;
    res.locals.principal = session.principal;
    next();
  };
}

/**
 * Every change is a POST from one of our own forms: the Origin (when the browser sends it)
 * must be this server, and the form must carry the session's CSRF token.
 */
export function checkOrigin(req: Request, _res: Response, next: NextFunction): void {
  if (crossSite(req.headers, `${req.protocol}://${req.get('host') ?? ''}`)) {
    throw new BanbridgeError(
      'FORBIDDEN',
      'this form was sent from another site; open the console itself',
    );
  }
  next();
}

export function requireCsrf(req: Request, res: Response, next: NextFunction): void {
  const given = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (!csrfMatches(sessionOf(res), given)) {
    throw new BanbridgeError(
      'FORBIDDEN',
      'the form carried no valid CSRF token (it is stale or came from elsewhere); reload the page and try again',
      { field: '_csrf' },
    );
  }
  next();
}

export function requireAdminSession(_req: Request, res: Response, next: NextFunction): void {
  if (sessionOf(res).principal.role !== 'admin') {
    throw new BanbridgeError(
      'FORBIDDEN',
      'banning, unbanning and syncing need an admin user (role: admin)',
    );
  }
  next();
}
