import type { Response } from 'express';
import { BanbridgeError, ERROR_CODES, type ErrorCode } from '../core/errors.js';

/**
 * Answers with an RFC 9457 application/problem+json body carrying our stable `code` and,
 * where known, the offending `field`. Internal errors say nothing about their cause.
 */
export function sendProblem(
  res: Response,
  error: unknown,
  extra: Record<string, unknown> = {},
): void {
  const known = error instanceof BanbridgeError ? error : undefined;
  const code: ErrorCode = known?.code ?? 'INTERNAL';
  const status = known?.status ?? 500;
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: `https://banbridge.dev/errors/${code.toLowerCase().replace(/_/g, '-')}`,
      title: ERROR_CODES[code].title,
      status,
      code,
      detail: known?.message ?? 'internal error; see the banbridge log',
      ...(known?.field === undefined ? {} : { field: known.field }),
      retryable: known?.retryable ?? true,
      ...extra,
    });
}
