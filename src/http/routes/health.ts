import { Router, type Request, type Response } from 'express';
import type { HttpDeps } from '../deps.js';
import { ReadinessLog } from '../readiness.js';

/**
 * /healthz: the process answers. /readyz: the store takes writes (the file at store.path is
 * still the one opened, and a real committed write succeeds: disk full or a deleted file make
 * it fail) and, when routers are configured, at least one of them is reachable (reports are
 * still queued durably while a router is down, so one router down does not make banbridge
 * unready; a router driven by another instance on the same store counts as reachable). 503
 * otherwise. Store and router states are reported separately.
 */
export function healthRoutes(deps: HttpDeps): Router {
  const router = Router();
  const readiness = new ReadinessLog(deps.log);
  router.get('/healthz', (_req: Request, res: Response) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req: Request, res: Response) => {
    const storeProblem = await deps.pipeline.store.writeProblem(deps.pipeline.now());
    const routers = deps.workerStatus();
    // A router another instance drives is that instance's to reach: a standby is ready.
    const reachable = routers.filter((r) => r.state === 'connected' || r.driving === false).length;
    const routersDown = routers.length > 0 && reachable === 0;
    readiness.observe(
      storeProblem ??
        (routersDown ? `no router reachable (${routers.length} configured)` : undefined),
    );
    const ready = storeProblem === undefined && !routersDown;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'unready',
      store: storeProblem === undefined ? 'ok' : 'unavailable',
      ...(storeProblem === undefined ? {} : { store_error: storeProblem }),
      routers: routers.map((r) => ({
        name: r.router,
        state: r.state,
        pending: r.pending,
        error: r.lastError?.code ?? null,
        guard: r.guard === null ? null : { held: r.guard.held, reason: r.guard.reason },
        driving: r.driving ?? true,
        driven_by: r.driver ?? null,
      })),
    });
  });
  return router;
}
