import {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type { HttpDeps } from '../deps.js';

/** GET /metrics in Prometheus text format; behind admin auth when metrics.public is false. */
export function metricsRoutes(deps: HttpDeps, guard: RequestHandler[]): Router {
  const router = Router();
  const pass = (_req: Request, _res: Response, next: NextFunction) => next();
  router.get(
    '/metrics',
    ...(deps.config.metrics.public ? [pass] : guard),
    (_req: Request, res: Response) => {
      const counts = deps.pipeline.store.bans.counts();
      const outbox = deps.pipeline.store.outbox.counts();
      const routers = deps.workerStatus();
      const text = deps.metrics.render([
        {
          name: 'banbridge_active_bans',
          help: 'Active bans by address family.',
          samples: [
            { labels: { family: '4' }, value: counts.active_v4 },
            { labels: { family: '6' }, value: counts.active_v6 },
          ],
        },
        {
          name: 'banbridge_permanent_bans',
          help: 'Active bans without end.',
          samples: [{ labels: {}, value: counts.permanent }],
        },
        {
          name: 'banbridge_outbox_operations',
          help: 'Router operations by router and state.',
          samples: outbox.map((o) => ({
            labels: { router: o.router, state: o.state },
            value: o.n,
          })),
        },
        {
          name: 'banbridge_router_up',
          help: '1 when the last contact with the router succeeded.',
          samples: routers.map((r) => ({
            labels: { router: r.router },
            value: r.state === 'connected' ? 1 : 0,
          })),
        },
        {
          name: 'banbridge_router_removal_guard',
          help: '1 while the mass-removal guard holds removals back (banbridge sync --allow-removals).',
          samples: routers.map((r) => ({
            labels: { router: r.router },
            value: r.guard === null ? 0 : 1,
          })),
        },
      ]);
      res.type('text/plain; version=0.0.4').send(text);
    },
  );
  return router;
}
