import { Router, type Request, type Response } from 'express';
import { parseDuration } from '../../core/duration.js';
import { BanbridgeError } from '../../core/errors.js';
import { report } from '../../pipeline/report.js';
import { requestSync } from '../../pipeline/request-sync.js';
import { withdraw } from '../../pipeline/withdraw.js';
import { body } from '../body.js';
import type { HttpDeps } from '../deps.js';
import { storeGuard } from '../store-errors.js';
import { href } from './html.js';
import { checkOrigin, requireAdminSession, requireCsrf, sessionOf } from './require-session.js';

function field(req: Request, name: string, max: number): string {
  const value = (req.body as Record<string, unknown>)[name];
  if (value !== undefined && typeof value !== 'string') {
    throw new BanbridgeError('VALIDATION_FAILED', `${name} must be given once`, { field: name });
  }
  const text = (value ?? '').trim();
  if (text.length > max) {
    throw new BanbridgeError('VALIDATION_FAILED', `${name} is longer than ${max} characters`, {
      field: name,
    });
  }
  return text;
}

/**
 * The console's changes: ban, unban, sync. Each is an admin's POST from our own form with the
 * session's CSRF token; each answers with a redirect to the page that shows the result.
 */
export function actionRoutes(deps: HttpDeps): Router {
  const router = Router();
  const { pipeline } = deps;
  const guard = [
    checkOrigin,
    ...body(['form'], deps.config.listen.body_limit),
    requireCsrf,
    requireAdminSession,
  ];

  router.post('/ui/unban', ...guard, async (req: Request, res: Response) => {
    const user = sessionOf(res).principal.name;
    const { key } = deps.keyOf(field(req, 'ip', 100));
    await storeGuard(() =>
      withdraw(pipeline, { credential: user, detector: 'console', admin: true }, key),
    );
    res.redirect(303, href('/ui/', { ip: key, done: 'unbanned' }));
  });

  router.post('/ui/ban', ...guard, async (req: Request, res: Response) => {
    const user = sessionOf(res).principal.name;
    const ip = field(req, 'ip', 100);
    const reason = field(req, 'reason', 200);
    const duration = field(req, 'duration', 32);
    const durationMs = duration === '' ? undefined : parseDuration(duration, 'duration');
    const result = await storeGuard(() =>
      report(pipeline, { credential: user, detector: 'console' }, [
        {
          ip,
          ...(reason === '' ? {} : { reason }),
          ...(durationMs === undefined ? {} : { durationMs }),
        },
      ]),
    );
    deps.metrics.countDecisions('console', result.decisions);
    res.redirect(303, href('/ui/', { ip: result.decisions[0]?.key ?? ip, done: 'banned' }));
  });

  router.post('/ui/sync', ...guard, async (req: Request, res: Response) => {
    const wanted = field(req, 'router', 100);
    const names = pipeline.routers.filter((n) => wanted === '' || n === wanted);
    if (names.length === 0) {
      throw new BanbridgeError('NOT_FOUND', `no enabled router named ${wanted || '(any)'}`, {
        field: 'router',
      });
    }
    const by = `console:${sessionOf(res).principal.name}`;
    await storeGuard(() => requestSync(pipeline, names, by));
    res.redirect(303, href('/ui/routers', { done: 'sync' }));
  });

  return router;
}
