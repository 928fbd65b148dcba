import type { Response } from 'express';
import type { ReportResult } from '../pipeline/report.js';
import { BanbridgeError } from '../core/errors.js';
import { jsonReply, sendReply, type Reply } from './http-reply.js';
import { problemReply } from './problem.js';

/**
 * The answer to a report: 202 when a ban was accepted (router work is queued), 200 when
 * nothing new is to be done (all rejected or recorded), 429 with Retry-After when the
 * per-source rate limit refused every new ban. The body always lists a decision per address.
 */
export function reportReply(result: ReportResult, extra: Record<string, unknown> = {}): Reply {
  if (result.rateLimited) {
    return problemReply(
      new BanbridgeError(
        'RATE_LIMITED',
        'this source reached policy.max_new_bans_per_minute; the report was recorded, no ban made',
      ),
      { decisions: result.decisions },
      { 'Retry-After': String(result.retryAfterSeconds) },
    );
  }
  const accepted = result.decisions.filter((d) => d.outcome === 'accepted').length;
  return jsonReply(accepted > 0 ? 202 : 200, {
    ...extra,
    accepted,
    rejected: result.decisions.filter((d) => d.outcome === 'rejected').length,
    decisions: result.decisions,
  });
}

export function replyToReport(
  res: Response,
  result: ReportResult,
  extra: Record<string, unknown> = {},
): void {
  sendReply(res, reportReply(result, extra));
}
