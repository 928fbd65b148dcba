import { Router, type Request, type Response } from 'express';
import { graylogToBanRequests } from '../../sources/graylog/index.js';
import { report } from '../../pipeline/report.js';
import { body } from '../body.js';
import type { HttpDeps } from '../deps.js';
import { jsonReply, sendReply, type Reply } from '../http-reply.js';
import { principalOf, type Principal } from '../principal.js';
import { reportReply } from '../reply.js';
import { storeGuard } from '../store-errors.js';

/**
 * POST /v1/graylog: a Graylog HTTP Notification (v1) or Custom HTTP Notification (v2) body.
 * The body is read as text so the adapter can tolerate the one known defect of Graylog's
 * default v2 JSON template. Answers 202 after the report is stored (Graylog waits 10 s),
 * 400 for a body that is not a Graylog notification (Graylog treats 4xx as final) and 503
 * when the store is unavailable (Graylog ≥ 7.0 retries 5xx).
 */
export function graylogRoutes(deps: HttpDeps): Router {
  const router = Router();
  router.post(
    '/v1/graylog',
    ...body(['text'], deps.config.listen.body_limit),
    async (req: Request, res: Response) => {
      const raw = typeof req.body === 'string' ? req.body : '';
      sendReply(res, await graylogReply(deps, principalOf(res), raw));
    },
  );
  return router;
}

/** Judges one notification body (already decoded text) and makes the answer. */
export async function graylogReply(
  deps: HttpDeps,
  principal: Principal,
  raw: string,
): Promise<Reply> {
  const parsed = graylogToBanRequests(raw, deps.config.sources.graylog);
  if (parsed.kind === 'test') {
    deps.log.info('Graylog test notification received: the wiring works, nothing banned', {
      user: principal.name,
      ...parsed.detail,
    });
    // In a transaction like every write, so a deleted store file is noticed (Store).
    await storeGuard(() =>
      deps.pipeline.store.transaction(() =>
        deps.pipeline.store.audit.append({
          at: deps.pipeline.now(),
          action: 'test-notification',
          credential: principal.name,
          detector: 'graylog',
          outcome: 'recorded',
          detail: parsed.detail,
        }),
      ),
    );
    return jsonReply(200, { test: true, accepted: 0, rejected: 0, decisions: [] });
  }
  const result = await storeGuard(() =>
    report(
      deps.pipeline,
      {
        credential: principal.name,
        detector: 'graylog',
        via: parsed.via,
        detail: { ...parsed.detail, truncated: parsed.truncated },
      },
      parsed.requests,
    ),
  );
  deps.metrics.countDecisions('graylog', result.decisions);
  if (parsed.requests.length === 0) {
    deps.log.warn(
      'Graylog event carried no attacker address; check sources.graylog.ip_fields and the event definition',
      {
        event_definition: parsed.via,
      },
    );
  }
  return reportReply(result, { event_definition: parsed.via, truncated: parsed.truncated });
}
