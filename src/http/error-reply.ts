import { BanbridgeError } from '../core/errors.js';
import type { Log } from '../core/logger.js';
import { bodyParserError } from './body.js';
import type { Reply } from './http-reply.js';
import { problemReply } from './problem.js';

/** Errors express itself raises with a 4xx status (e.g. a malformed %-escape in the path). */
function clientError(error: unknown): BanbridgeError | undefined {
  if (error instanceof BanbridgeError) return undefined;
  const status = (error as { status?: unknown } | undefined)?.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  return new BanbridgeError(
    'BAD_REQUEST',
    'the request could not be read (check the URL encoding)',
  );
}

/**
 * The answer to an error a request ended in, on either path (app.ts's error handler, the
 * ingest lane): a problem with our code; a server-side failure is logged, without its cause
 * reaching the client.
 */
export function errorReply(log: Log, error: unknown): Reply {
  const mapped = bodyParserError(error) ?? clientError(error) ?? error;
  if (!(mapped instanceof BanbridgeError) || mapped.status >= 500) {
    log.error('request failed', {
      code: mapped instanceof BanbridgeError ? mapped.code : 'INTERNAL',
      error: mapped instanceof Error ? mapped.message : String(mapped),
    });
  }
  return problemReply(mapped);
}
