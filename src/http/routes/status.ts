import { Router, type Request, type Response } from 'express';
import { BanbridgeError } from '../../core/errors.js';
import type { HttpDeps } from '../deps.js';
import { principalOf } from '../principal.js';
import { routerStatusView } from '../router-status-view.js';
import { storeGuard } from '../store-errors.js';

/** GET /v1/status (any credential) and POST /v1/sync (admin): operator views and actions. */
export function statusRoutes(deps: HttpDeps): Router {
  const router = Router();
  router.get('/v1/status', async (_req: Request, res: Response) => {
    const store = deps.pipeline.store;
    res.json(
      await storeGuard(async () => {
        const outbox = await store.outbox.counts();
        const stored = await store.routers.all();
        const live = deps.workerStatus();
        return {
          bans: await store.bans.counts(),
          outbox,
          routers: deps.pipeline.routers.map((name) =>
            routerStatusView(
              name,
              stored.find((s) => s.router === name),
              outbox,
              live.find((r) => r.router === name),
            ),
          ),
        };
      }),
    );
  });
  router.post('/v1/sync', async (req: Request, res: Response) => {
    if (principalOf(res).role !== 'admin') {
      throw new BanbridgeError('FORBIDDEN', 'POST /v1/sync needs an admin credential');
    }
    const wanted = typeof req.query.router === 'string' ? req.query.router : undefined;
    const names = deps.pipeline.routers.filter((n) => wanted === undefined || n === wanted);
    if (names.length === 0) {
      throw new BanbridgeError('NOT_FOUND', `no enabled router named ${wanted ?? '(any)'}`, {
        field: 'router',
      });
    }
    const now = deps.pipeline.now();
    await storeGuard(() =>
      deps.pipeline.store.transaction(async () => {
        for (const name of names) await deps.pipeline.store.routers.requestSync(name, now);
      }),
    );
    deps.pipeline.onQueued();
    res.status(202).json({ requested: names });
  });
  return router;
}
