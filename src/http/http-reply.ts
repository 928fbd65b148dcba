import type { ServerResponse } from 'node:http';
import type { Response } from 'express';

/**
 * An answer apart from how it is sent: the express routes and the ingest lane (ingest-lane.ts)
 * make the same ones, so a report is answered byte for byte alike on either path.
 */
export interface Reply {
  status: number;
  /** Without parameters; `; charset=utf-8` is added, as express's res.json does. */
  contentType: 'application/json' | 'application/problem+json';
  headers?: Record<string, string>;
  body: unknown;
}

/** Set on every answer, whichever path sends it: never cached, never content-sniffed. */
export function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

export function jsonReply(status: number, body: unknown): Reply {
  return { status, contentType: 'application/json', body };
}

/** Sends a reply through express (res.json: JSON.stringify, charset=utf-8, Content-Length). */
export function sendReply(res: Response, reply: Reply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.status(reply.status).type(reply.contentType).json(reply.body);
}

/**
 * Writes a reply on a bare node response with the headers express's res.json would set
 * (express 5.3.0 lib/response.js: json() stringifies, send() adds `charset=utf-8` to the
 * Content-Type and sets Content-Length; ETag is off in app.ts).
 */
export function writeReply(res: ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body);
  res.statusCode = reply.status;
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.setHeader('Content-Type', `${reply.contentType}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
