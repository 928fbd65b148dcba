import {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { setScrapeGauges } from '../../metrics/scrape-gauges.js';
import type { HttpDeps } from '../deps.js';
import { storeGuard } from '../store-errors.js';

/** GET /metrics in Prometheus text format; behind admin auth when metrics.public is false. */
export function metricsRoutes(deps: HttpDeps, guard: RequestHandler[]): Router {
  const router = Router();
  const pass = (_req: Request, _res: Response, next: NextFunction) => next();
  router.get(
    '/metrics',
    ...(deps.config.metrics.public ? [pass] : guard),
    async (_req: Request, res: Response) => {
      const store = deps.pipeline.store;
      const snapshot = await storeGuard(async () => ({
        now: deps.pipeline.now(),
        bans: await store.bans.counts(),
        outbox: await store.outbox.counts(),
        oldestPending: await store.outboxStats.oldestPending(),
        routers: deps.workerStatus(),
        storeWritable: store.writable,
      }));
      setScrapeGauges(deps.metrics, snapshot);
      const text = await deps.metrics.render();
      res.type(deps.metrics.contentType).send(text);
    },
  );
  return router;
}
