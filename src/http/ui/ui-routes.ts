import {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { BanbridgeError } from '../../core/errors.js';
import type { HttpDeps } from '../deps.js';
import { actionRoutes } from './action-routes.js';
import { CONSOLE_CSS } from './assets/console-css.js';
import { CONSOLE_JS } from './assets/console-js.js';
import { pageRoutes } from './page-routes.js';
import { problemPages } from './problem-pages.js';
import { requireSession } from './require-session.js';
import { securityHeaders } from './security-headers.js';
import { DEFAULT_SESSION_LIMITS, SessionStore, type SessionLimits } from './sessions.js';
import { signInRoutes } from './sign-in-routes.js';

/**
 * The operator console under /ui/ (and / → /ui/): server-rendered pages, one CSS and one JS
 * file of our own, sessions from the configured users. Everything else passes through.
 */
export function uiRoutes(
  deps: HttpDeps,
  auth: RequestHandler,
  limits: SessionLimits = DEFAULT_SESSION_LIMITS,
): Router {
  const sessions = new SessionStore(limits, deps.pipeline.now);
  const router = Router();
  router.get('/', (_req: Request, res: Response) => res.redirect(302, '/ui/'));
  // Browsers ask for it on every page; no icon, and no 404 in the log.
  router.get('/favicon.ico', (_req: Request, res: Response) => void res.status(204).end());
  router.get('/ui', (req: Request, res: Response, next: NextFunction) => {
    // Routing is not strict: '/ui' also matches '/ui/', which must reach the pages.
    if (req.path === '/ui') res.redirect(301, '/ui/');
    else next();
  });

  const pages = Router();
  pages.use(securityHeaders, problemPages);
  pages.get('/ui/assets/console.css', (_req: Request, res: Response) => {
    res.type('text/css').send(CONSOLE_CSS);
  });
  pages.get('/ui/assets/console.js', (_req: Request, res: Response) => {
    res.type('text/javascript').send(CONSOLE_JS);
  });
  pages.use(
    signInRoutes({
      auth,
      sessions,
      limits,
      log: deps.log,
    }),
  );
  pages.use(requireSession(sessions));
  pages.use(pageRoutes(deps));
  pages.use(actionRoutes(deps));
  pages.use((req: Request) => {
    throw new BanbridgeError('NOT_FOUND', `no console page ${req.method} ${req.path}`);
  });
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/ui/')) pages(req, res, next);
    else next();
  });
  return router;
}
