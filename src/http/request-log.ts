import type { NextFunction, Request, Response } from 'express';
import type { Log } from '../core/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { maskSecrets } from '../core/mask-secrets.js';
import { maskedPath } from './masked-path.js';
import { routeLabel } from './route-table.js';

const SECRET_PARAM = /token|password|secret|key|auth/i;
const PROBES = new Set(['/healthz', '/readyz']);

/**
 * The URL to log: the path with token-like values masked, and the query as express parsed it (names decoded, so
 * `?%74oken=` is seen as `token`) with every credential-like value replaced by `***`, and
 * token-like names too (`?SECRET` or `?token%3DSECRET` put the secret in the name).
 */
export function loggedUrl(req: Request): string {
  const query = Object.entries(req.query as Record<string, unknown>)
    .map(([k, v]) => `${maskSecrets(k)}=${SECRET_PARAM.test(k) ? '***' : maskSecrets(String(v))}`)
    .join('&');
  const path = maskedPath(req.path);
  return query === '' ? path : `${path}?${query}`;
}

/** What one request log line and the duration metric are made of. */
export interface RequestRecord {
  method: string;
  /** The metrics label: the route pattern (route-table.ts), never the raw path. */
  route: string;
  /** As it may be logged: loggedUrl(). */
  url: string;
  status: number;
  ms: number;
  client: string | undefined;
  user: string | undefined;
  /** A 401 or 429 for a wrong secret: auth.ts logs those, within bounds. */
  failedSignIn?: boolean;
}

/** Logs one request and observes its duration; both paths (express, the ingest lane) call it. */
export function recordRequest(log: Log, metrics: Metrics, r: RequestRecord): void {
  const route = r.route;
  metrics.httpDuration.observe({ method: r.method, route, status: String(r.status) }, r.ms / 1000);
  const meta = {
    method: r.method,
    url: r.url.slice(0, 300),
    status: r.status,
    ms: Math.round(r.ms * 10) / 10,
    client: r.client,
    user: r.user,
  };
  // A probe's 503 is a state, logged once per change by the readiness route, not per probe.
  // A failed sign-in is logged by auth.ts, within bounds; a guesser's every attempt must not
  // reach the log here instead.
  if (PROBES.has(route) || r.failedSignIn === true) log.debug('http request', meta);
  else if (r.status >= 500) log.error('http request', meta);
  else if (r.status >= 400) log.info('http request', meta);
  else log.debug('http request', meta);
}

/**
 * One log line per request: method, masked URL, status, time, principal. Headers are never
 * logged (Authorization would carry the secret).
 */
export function requestLog(log: Log, metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const principal = res.locals.principal as { name?: string } | undefined;
      recordRequest(log, metrics, {
        method: req.method,
        // Found by the API's method check already; the console and probes are looked up here.
        route: (res.locals.route as string | undefined) ?? routeLabel(req.path),
        url: loggedUrl(req),
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        client: req.ip,
        user: principal?.name,
        failedSignIn: res.locals.failedSignIn === true,
      });
    });
    next();
  };
}
