import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { BanbridgeError } from '../core/errors.js';

const JSON_TYPES = ['application/json', 'application/*+json'];
const FORM_TYPES = ['application/x-www-form-urlencoded'];

/**
 * Parses a body of one of the allowed kinds; anything else is 415 naming what is accepted.
 * body-parser's own failures (malformed JSON, over the limit, bad charset) are mapped to
 * problem codes by the error handler in app.ts.
 */
export function body(kinds: ('json' | 'form' | 'text')[], limit: string): RequestHandler[] {
  const types = [
    ...(kinds.includes('json') || kinds.includes('text') ? JSON_TYPES : []),
    ...(kinds.includes('form') ? FORM_TYPES : []),
  ];
  const parsers: RequestHandler[] = [];
  if (kinds.includes('text')) {
    parsers.push(
      express.text({ type: [...JSON_TYPES, 'text/plain'], limit, defaultCharset: 'utf-8' }),
    );
  } else if (kinds.includes('json')) {
    parsers.push(express.json({ type: JSON_TYPES, limit, strict: true }));
  }
  if (kinds.includes('form')) {
    parsers.push(
      express.urlencoded({ type: FORM_TYPES, limit, extended: false, parameterLimit: 100 }),
    );
  }
  const accepted = kinds.includes('text') ? [...types, 'text/plain'] : types;
  const check = (req: Request, _res: Response, next: NextFunction) => {
    if (!req.is(accepted)) {
      next(
        new BanbridgeError(
          'UNSUPPORTED_MEDIA_TYPE',
          `Content-Type ${req.headers['content-type'] ?? '(none)'} is not accepted here; send ${accepted.join(' or ')}`,
          { field: 'Content-Type' },
        ),
      );
      return;
    }
    next();
  };
  return [check, ...parsers];
}

/** Maps body-parser's errors (they carry `type` and `status`) to our codes. */
export function bodyParserError(error: unknown): BanbridgeError | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  const type = (error as { type: unknown }).type;
  switch (type) {
    case 'entity.parse.failed':
      return new BanbridgeError('BAD_REQUEST', 'the body is not valid JSON', { field: 'body' });
    case 'entity.too.large':
      return new BanbridgeError('PAYLOAD_TOO_LARGE', 'the body is larger than listen.body_limit', {
        field: 'body',
      });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new BanbridgeError(
        'UNSUPPORTED_MEDIA_TYPE',
        'unsupported charset or content encoding; send UTF-8',
        {
          field: 'Content-Type',
        },
      );
    case 'parameters.too.many':
      return new BanbridgeError('PAYLOAD_TOO_LARGE', 'too many form parameters', { field: 'body' });
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return new BanbridgeError('BAD_REQUEST', 'the request body could not be read', {
        field: 'body',
      });
    default:
      return undefined;
  }
}
