import type { Response } from 'express';
import type { ReportResult } from '../pipeline/report.js';
import { BanbridgeError } from '../core/errors.js';
import { sendProblem } from './problem.js';

/**
 * Answers a report: 202 when a ban was accepted (router work is queued), 200 when nothing
 * new is to be done (all rejected or recorded), 429 with Retry-After when the per-source
 * rate limit refused every new ban. The body always lists a decision per address.
 */
export function replyToReport(
  res: Response,
  result: ReportResult,
  extra: Record<string, unknown> = {},
): void {
  if (result.rateLimited) {
    res.setHeader('Retry-After', String(result.retryAfterSeconds));
    sendProblem(
      res,
      new BanbridgeError(
        'RATE_LIMITED',
        'this source reached policy.max_new_bans_per_minute; the report was recorded, no ban made',
      ),
      { decisions: result.decisions },
    );
    return;
  }
  const accepted = result.decisions.filter((d) => d.outcome === 'accepted').length;
  res.status(accepted > 0 ? 202 : 200).json({
    ...extra,
    accepted,
    rejected: result.decisions.filter((d) => d.outcome === 'rejected').length,
    decisions: result.decisions,
  });
}
