import express, {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type { RequestListener } from 'node:http';
import { BanbridgeError } from '../core/errors.js';
import { authenticate, requireAdmin } from './auth.js';
import { AuthThrottle } from './auth-throttle.js';
import { CredentialChecker } from './credentials.js';
import { crossSite } from './cross-site.js';
import { errorReply } from './error-reply.js';
import { sendReply, setCommonHeaders } from './http-reply.js';
import { ingestLane, type TrustProxy } from './ingest-lane.js';
import type { HttpDeps } from './deps.js';
import { maskedPath } from './masked-path.js';
import { sendProblem } from './problem.js';
import { requestLog } from './request-log.js';
import { findRoute, type ApiArea } from './route-table.js';
import { bansRoutes } from './routes/bans.js';
import { blocklistRoutes } from './routes/blocklist.js';
import { fail2banRoutes } from './routes/fail2ban.js';
import { graylogRoutes } from './routes/graylog.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { statusRoutes } from './routes/status.js';
import { uiRoutes } from './ui/ui-routes.js';

/** Methods that change nothing (RFC 9110 §9.2.1): a cross-site GET can read nothing either. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** This server's origin as the browser names it (scheme from the proxy when trusted). */
function ownOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? ''}`;
}

/**
 * Runs `handler` for every path outside /v1/: the probes, /metrics and the console have no
 * route there, so an API request skips their routers' matching.
 */
function outsideApi(handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (req.path.startsWith('/v1/')) next();
    else void handler(req, res, next);
  };
}

/**
 * Builds the HTTP request handler: the express app, thin routes around the pipeline (a route
 * parses, calls the pipeline and answers; the decisions are made in the pipeline, not here),
 * behind the ingest lane for Graylog's ordinary notifications.
 */
export function createApp(deps: HttpDeps): RequestListener {
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
    setCommonHeaders(res);
    next();
  });

  // One throttle for every way of signing in (API credentials, the console's form).
  const throttle = new AuthThrottle();
  const authOptions = {
    checker: new CredentialChecker(deps.config.users),
    log: deps.log,
    now: deps.pipeline.now,
    throttle,
  };
  const auth = authenticate(authOptions);
  app.use(
    outsideApi(
      Router().use(
        healthRoutes(deps),
        metricsRoutes(deps, [auth, requireAdmin]),
        uiRoutes(deps, auth),
      ),
    ),
  );

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
    res.locals.route = known.route;
    res.locals.area = known.area;
    next();
  };
  app.use(methodCheck);
  // Before authentication: a forged request is not even checked (nor counted as a failure).
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (!SAFE_METHODS.has(req.method) && crossSite(req.headers, ownOrigin(req))) {
      throw new BanbridgeError(
        'FORBIDDEN',
        "a web page of another site sent this request through your browser; banbridge's API " +
          'takes changes from programs (curl, Graylog, fail2ban) and the console',
      );
    }
    next();
  });
  app.use(auth);

  // Each API route is served by its area's router alone (route-table.ts). A request without
  // an area passes through them all, and ends in express's 404 as before.
  const areas: Record<ApiArea, Router> = {
    bans: bansRoutes(deps),
    graylog: graylogRoutes(deps),
    fail2ban: fail2banRoutes(deps),
    status: statusRoutes(deps),
    blocklist: blocklistRoutes(deps),
  };
  const everyApiRouter = Router().use(...Object.values(areas));
  app.use((req: Request, res: Response, next: NextFunction) => {
    const area = res.locals.area as ApiArea | undefined;
    void (area === undefined ? everyApiRouter : areas[area])(req, res, next);
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const reply = errorReply(deps.log, error);
    if (!res.headersSent) sendReply(res, reply);
  });

  // Graylog's ordinary notifications skip express (ingest-lane.ts); every other request,
  // and any the lane does not take, is express's.
  const lane = ingestLane(deps, authOptions, app.get('trust proxy fn') as TrustProxy);
  return (req, res) => {
    if (!lane(req, res)) app(req, res);
  };
}
