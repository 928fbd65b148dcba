import { Router, type Request, type Response } from 'express';
import { BanbridgeError } from '../../core/errors.js';
import { requestSync } from '../../pipeline/request-sync.js';
import type { HttpDeps } from '../deps.js';
import { principalOf } from '../principal.js';
import { routerStatusView } from '../router-status-view.js';
import { storeGuard } from '../store-errors.js';
import { syncRequestView } from '../sync-request-view.js';

/**
 * GET /v1/status (any credential), POST /v1/sync and GET /v1/sync/{id} (admin): operator
 * views and actions.
 */
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
    const by = `api:${principalOf(res).name}`;
    const requests = await storeGuard(() => requestSync(deps.pipeline, names, by));
    res.status(202).json({ requested: names, requests });
  });
  router.get('/v1/sync/:id', async (req: Request, res: Response) => {
    if (principalOf(res).role !== 'admin') {
      throw new BanbridgeError('FORBIDDEN', 'GET /v1/sync/{id} needs an admin credential');
    }
    const id = typeof req.params.id === 'string' ? req.params.id : '';
    const row = /^[1-9]\d{0,14}$/.test(id)
      ? await storeGuard(() => deps.pipeline.store.syncRequests.get(Number(id)))
      : undefined;
    if (row === undefined) {
      throw new BanbridgeError('NOT_FOUND', 'no such sync request (requests are kept for a day)', {
        field: 'id',
      });
    }
    res.json(syncRequestView(row, deps.pipeline.now()));
  });
  return router;
}
