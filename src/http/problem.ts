import type { Response } from 'express';
import { BanbridgeError, ERROR_CODES, type ErrorCode } from '../core/errors.js';
import { sendReply, type Reply } from './http-reply.js';

/**
 * An RFC 9457 application/problem+json answer carrying our stable `code` and, where known,
 * the offending `field`. Internal errors say nothing about their cause.
 */
export function problemReply(
  error: unknown,
  extra: Record<string, unknown> = {},
  headers?: Record<string, string>,
): Reply {
  const known = error instanceof BanbridgeError ? error : undefined;
  const code: ErrorCode = known?.code ?? 'INTERNAL';
  const status = known?.status ?? 500;
  return {
    status,
    contentType: 'application/problem+json',
    ...(headers === undefined ? {} : { headers }),
    body: {
      type: `https://banbridge.dev/errors/${code.toLowerCase().replace(/_/g, '-')}`,
      title: ERROR_CODES[code].title,
      status,
      code,
      detail: known?.message ?? 'internal error; see the banbridge log',
      ...(known?.field === undefined ? {} : { field: known.field }),
      retryable: known?.retryable ?? true,
      ...extra,
    },
  };
}

export function sendProblem(
  res: Response,
  error: unknown,
  extra: Record<string, unknown> = {},
): void {
  sendReply(res, problemReply(error, extra));
}
