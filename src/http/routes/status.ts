import { Router, type Request, type Response } from 'express';
import { BanbridgeError } from '../../core/errors.js';
import type { HttpDeps } from '../deps.js';
import { principalOf } from '../principal.js';
import { storeGuard } from '../store-errors.js';

/** GET /v1/status (any credential) and POST /v1/sync (admin): operator views and actions. */
export function statusRoutes(deps: HttpDeps): Router {
  const router = Router();
  router.get('/v1/status', (_req: Request, res: Response) => {
    const store = deps.pipeline.store;
    res.json(
      storeGuard(() => ({
        bans: store.bans.counts(),
        outbox: store.outbox.counts(),
        routers: deps.workerStatus().map((r) => ({
          name: r.router,
          state: r.state,
          pending: r.pending,
          last_error: r.lastError,
          last_contact_at:
            r.lastContactAt === null ? null : new Date(r.lastContactAt).toISOString(),
          last_sync_at: r.lastSyncAt === null ? null : new Date(r.lastSyncAt).toISOString(),
          last_sync: r.lastSync,
          guard:
            r.guard === null ? null : { ...r.guard, since: new Date(r.guard.since).toISOString() },
        })),
      })),
    );
  });
  router.post('/v1/sync', (req: Request, res: Response) => {
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
    storeGuard(() => {
      for (const name of names) deps.pipeline.store.routers.requestSync(name, now);
    });
    deps.pipeline.onQueued();
    res.status(202).json({ requested: names });
  });
  return router;
}
