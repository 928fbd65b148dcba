import { Router, type Request, type Response } from 'express';
import type { HttpDeps } from '../deps.js';

/**
 * /healthz: the process answers. /readyz: the store answers and, when routers are
 * configured, at least one of them is reachable (reports are still queued durably while a
 * router is down, so one router down does not make banbridge unready). 503 otherwise.
 */
export function healthRoutes(deps: HttpDeps): Router {
  const router = Router();
  router.get('/healthz', (_req: Request, res: Response) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req: Request, res: Response) => {
    const store = deps.pipeline.store.ping();
    const routers = deps.workerStatus();
    const reachable = routers.filter((r) => r.state === 'connected').length;
    const ready = store && (routers.length === 0 || reachable > 0);
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'unready',
      store: store ? 'ok' : 'unavailable',
      routers: routers.map((r) => ({
        name: r.router,
        state: r.state,
        pending: r.pending,
        error: r.lastError?.code ?? null,
        guard: r.guard === null ? null : { held: r.guard.held, reason: r.guard.reason },
      })),
    });
  });
  return router;
}
