import type { NextFunction, Request, Response } from 'express';
import type { Log } from '../core/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { maskedPath, maskSecrets } from './masked-path.js';
import { routeLabel } from './route-table.js';

const SECRET_PARAM = /token|password|secret|key|auth/i;
const PROBES = new Set(['/healthz', '/readyz']);

/**
 * The URL to log: the path with token-like values masked, and the query as express parsed it (names decoded, so
 * `?%74oken=` is seen as `token`) with every credential-like value replaced by `***`.
 */
export function loggedUrl(req: Request): string {
  const query = Object.entries(req.query as Record<string, unknown>)
    .map(([k, v]) => `${k}=${SECRET_PARAM.test(k) ? '***' : maskSecrets(String(v))}`)
    .join('&');
  const path = maskedPath(req.path);
  return query === '' ? path : `${path}?${query}`;
}

/**
 * One log line per request: method, masked URL, status, time, principal. Headers are never
 * logged (Authorization would carry the secret).
 */
export function requestLog(log: Log, metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const principal = res.locals.principal as { name?: string } | undefined;
      const route = routeLabel(req.path);
      metrics.httpDuration.observe(
        { method: req.method, route, status: String(res.statusCode) },
        ms / 1000,
      );
      const meta = {
        method: req.method,
        url: loggedUrl(req).slice(0, 300),
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        client: req.ip,
        user: principal?.name,
      };
      // A probe's 503 is a state, logged once per change by the readiness route, not per probe.
      if (PROBES.has(route)) log.debug('http request', meta);
      else if (res.statusCode >= 500) log.error('http request', meta);
      else if (res.statusCode >= 400) log.info('http request', meta);
      else log.debug('http request', meta);
    });
    next();
  };
}
