import { Router, type Request, type Response } from 'express';
import { BanbridgeError } from '../../core/errors.js';
import { report } from '../../pipeline/report.js';
import { withdraw } from '../../pipeline/withdraw.js';
import { fail2banToBanRequests, fail2banToUnban } from '../../sources/fail2ban/index.js';
import { body } from '../body.js';
import type { HttpDeps } from '../deps.js';
import { principalOf } from '../principal.js';
import { replyToReport } from '../reply.js';
import { storeGuard } from '../store-errors.js';

/**
 * POST /v1/fail2ban/ban and /unban, called by the shipped action (form-encoded or JSON).
 * The source is the credential name plus jail@host; an unban lifts only that source's claim.
 * An unban for an address this source holds no claim on answers 200 `not_claimed`, so that
 * the shipped action does not set the report aside as rejected (it keeps 4xx answers other
 * than 401/403/408/429 in its spool's rejected/) for bans banbridge refused or already ended.
 */
export function fail2banRoutes(deps: HttpDeps): Router {
  const router = Router();
  const parse = body(['form', 'json'], deps.config.listen.body_limit);
  const fields = (req: Request): Record<string, unknown> => {
    const value: unknown = req.body;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new BanbridgeError(
        'FAIL2BAN_BODY_INVALID',
        'send the action fields (ip, jail, …) as a form or JSON object',
        {
          field: 'body',
        },
      );
    }
    return value as Record<string, unknown>;
  };

  router.post('/v1/fail2ban/ban', ...parse, async (req: Request, res: Response) => {
    const principal = principalOf(res);
    const parsed = fail2banToBanRequests(fields(req));
    const result = await storeGuard(() =>
      report(
        deps.pipeline,
        {
          credential: principal.name,
          detector: 'fail2ban',
          via: parsed.via,
          claim: `${principal.name}/${parsed.via}`,
          detail: { ...parsed.detail },
        },
        parsed.requests,
      ),
    );
    deps.metrics.countDecisions('fail2ban', result.decisions);
    replyToReport(res, result);
  });

  router.post('/v1/fail2ban/unban', ...parse, async (req: Request, res: Response) => {
    const principal = principalOf(res);
    const parsed = fail2banToUnban(fields(req));
    // The key only, no policy: an address allowlisted since its ban must still be releasable.
    const { key } = deps.keyOf(parsed.ip);
    const claim = `${principal.name}/${parsed.via}`;
    try {
      const result = await storeGuard(() =>
        withdraw(
          deps.pipeline,
          {
            credential: principal.name,
            detector: 'fail2ban',
            admin: false,
            claim,
            ownTimeOver: parsed.expired,
            detail: { ...parsed.detail },
          },
          key,
        ),
      );
      const outcome =
        result.keptUntil !== undefined ? 'kept' : result.lifted ? 'lifted' : 'released';
      res.status(200).json({ ip: parsed.ip, outcome, ...result });
    } catch (error) {
      if (
        error instanceof BanbridgeError &&
        (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN')
      ) {
        res
          .status(200)
          .json({ ip: parsed.ip, key: key, outcome: 'not_claimed', detail: error.message });
        return;
      }
      throw error;
    }
  });
  return router;
}
