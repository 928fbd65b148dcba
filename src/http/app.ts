import express, { type NextFunction, type Request, type Response } from 'express';
import { BanbridgeError } from '../core/errors.js';
import { authenticate, requireAdmin } from './auth.js';
import { AuthThrottle } from './auth-throttle.js';
import { bodyParserError } from './body.js';
import { CredentialChecker } from './credentials.js';
import type { HttpDeps } from './deps.js';
import { maskedPath } from './masked-path.js';
import { sendProblem } from './problem.js';
import { requestLog } from './request-log.js';
import { findRoute } from './route-table.js';
import { bansRoutes } from './routes/bans.js';
import { blocklistRoutes } from './routes/blocklist.js';
import { fail2banRoutes } from './routes/fail2ban.js';
import { graylogRoutes } from './routes/graylog.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { statusRoutes } from './routes/status.js';
import { uiRoutes } from './ui/ui-routes.js';

/** Errors express itself raises with a 4xx status (e.g. a malformed %-escape in the path). */
function clientError(error: unknown): BanbridgeError | undefined {
  if (error instanceof BanbridgeError) return undefined;
  const status = (error as { status?: unknown } | undefined)?.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  return new BanbridgeError(
    'BAD_REQUEST',
    'the request could not be read (check the URL encoding)',
  );
}

/**
 * Builds the express app: thin routes around the pipeline (a route parses, calls the pipeline
 * and answers; the decisions are made in the pipeline, not here).
 */
export function createApp(deps: HttpDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // `true` would believe every X-Forwarded-For hop, which the client writes itself: it is
  // taken as one hop (the reverse proxy in front of banbridge).
  const trust = deps.config.listen.trust_proxy;
  app.set('trust proxy', trust === true ? 1 : trust);
  app.set('query parser', 'simple');

  app.use(requestLog(deps.log, deps.metrics));
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(healthRoutes(deps));

  // One throttle for every way of signing in (API credentials, the console's form).
  const throttle = new AuthThrottle();
  const auth = authenticate({
    checker: new CredentialChecker(deps.config.users),
    log: deps.log,
    now: deps.pipeline.now,
    throttle,
  });
  app.use(metricsRoutes(deps, [auth, requireAdmin]));
  app.use(uiRoutes(deps, auth));

  const methodCheck = (req: Request, res: Response, next: NextFunction) => {
    const known = findRoute(req.path);
    if (known === undefined) {
      sendProblem(
        res,
        new BanbridgeError(
          'NOT_FOUND',
          `no such endpoint: ${req.method} ${maskedPath(req.path)}; see the README's API table`,
        ),
      );
      return;
    }
    if (!known.methods.includes(req.method)) {
      res.setHeader('Allow', known.methods.join(', '));
      sendProblem(
        res,
        new BanbridgeError(
          'METHOD_NOT_ALLOWED',
          `${req.method} is not allowed on ${maskedPath(req.path)}; use ${known.methods.join(', ')}`,
        ),
      );
      return;
    }
    next();
  };
  app.use(methodCheck);
  app.use(auth);
  app.use(bansRoutes(deps));
  app.use(graylogRoutes(deps));
  app.use(fail2banRoutes(deps));
  app.use(statusRoutes(deps));
  app.use(blocklistRoutes(deps));

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const mapped = bodyParserError(error) ?? clientError(error) ?? error;
    if (!(mapped instanceof BanbridgeError) || mapped.status >= 500) {
      deps.log.error('request failed', {
        code: mapped instanceof BanbridgeError ? mapped.code : 'INTERNAL',
        error: mapped instanceof Error ? mapped.message : String(mapped),
      });
    }
    if (res.headersSent) return;
    sendProblem(res, mapped);
  });
  return app;
}
