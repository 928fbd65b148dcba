import type { IncomingMessage, ServerResponse } from 'node:http';
import proxyaddr from 'proxy-addr';
import { passingPrincipal, type AuthOptions } from './auth.js';
import type { HttpDeps } from './deps.js';
import { errorReply } from './error-reply.js';
import { setCommonHeaders, writeReply } from './http-reply.js';
import { recordRequest } from './request-log.js';
import { routeLabel } from './route-table.js';
import { graylogReply } from './routes/graylog.js';

/** express's `trust proxy fn` setting: whether to believe the hop at this address. */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * listen.body_limit in bytes, as body-parser reads it (bytes 3.1.2 `parse`: b = 1,
 * kb = 1024, mb = 1024²); the config schema allows only `^\d+(b|kb|mb)$`.
 */
export function bodyLimitBytes(limit: string): number {
  const match = /^(\d+)(b|kb|mb)$/.exec(limit);
  if (match === null) return 0;
  const unit = match[2] === 'mb' ? 1024 * 1024 : match[2] === 'kb' ? 1024 : 1;
  return Number(match[1]) * unit;
}

/** `application/json`, alone or with `charset=utf-8`: what Graylog sends. */
const PLAIN_JSON = /^application\/json(?:\s*;\s*charset="?utf-8"?)?$/i;
const DIGITS = /^\d+$/;
const GRAYLOG_ROUTE = routeLabel('/v1/graylog');

/**
 * The ingest lane: Graylog notifications answered without express. express 5.3.0 spends
 * about 140 µs of CPU on every request before a route runs (measured: the same JSON endpoint
 * took 249 µs per request on express, 108 µs on node:http), more than banbridge spends
 * judging and storing a report; reports are most of what banbridge is sent.
 *
 * The lane takes only the ordinary request, decided from its headers before any byte of the
 * body is read: POST /v1/graylog without a query, `Content-Type: application/json` (UTF-8),
 * no Content-Encoding, a Content-Length within listen.body_limit, no Origin or
 * Sec-Fetch-Site (browsers send those; Graylog does not), and an Authorization header that
 * authenticate() would let through. Everything else (a `?token=`, another content type, a
 * chunked or compressed body, a missing, wrong or throttled credential)
 * returns false and goes to express, which answers it as before. What the lane does is what
 * the express path does for that request: the same route function (graylogReply), the same
 * headers and reply bytes, the same request log line and metrics; test/http/ingest-lane.test.ts
 * sends the same requests down both paths and compares.
 */
export function ingestLane(
  deps: HttpDeps,
  auth: AuthOptions,
  trust: TrustProxy,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const limit = bodyLimitBytes(deps.config.listen.body_limit);
  return (req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/graylog') return false;
    const headers = req.headers;
    const type = headers['content-type'];
    const length = headers['content-length'];
    if (
      type === undefined ||
      !PLAIN_JSON.test(type) ||
      headers['content-encoding'] !== undefined ||
      headers['transfer-encoding'] !== undefined ||
      length === undefined ||
      !DIGITS.test(length) ||
      Number(length) > limit ||
      // Sent by a browser: express decides (cross-site.ts), where the origin is known.
      headers.origin !== undefined ||
      headers['sec-fetch-site'] !== undefined
    ) {
      return false;
    }
    let clientIp: string | undefined;
    const client = () => (clientIp ??= proxyaddr(req, trust));
    const principal = passingPrincipal(auth, headers.authorization, client);
    if (principal === undefined) return false;

    const started = process.hrtime.bigint();
    res.on('finish', () => {
      recordRequest(deps.log, deps.metrics, {
        method: 'POST',
        route: GRAYLOG_ROUTE,
        url: '/v1/graylog',
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        client: client(),
        user: principal.name,
      });
    });
    setCommonHeaders(res);

    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => {
      // UTF-8 as body-parser decodes it (iconv-lite: invalid bytes become U+FFFD); a leading
      // byte order mark, which iconv-lite drops, is dropped by the Graylog adapter
      // (parse-body-text.ts) on both paths.
      graylogReply(deps, principal, Buffer.concat(chunks).toString('utf8'))
        .catch((error: unknown) => errorReply(deps.log, error))
        .then((reply) => {
          if (!res.headersSent) writeReply(res, reply);
        })
        // Nothing left to answer with: end the exchange rather than leave the client waiting.
        .catch(() => res.destroy());
    });
    // A client that goes away mid-body is answered nowhere (body-parser's request.aborted
    // answer would reach no one either).
    req.once('error', () => res.destroy());
    return true;
  };
}
