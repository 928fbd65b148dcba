import type { NextFunction, Request, Response } from 'express';
import type { Log } from '../core/logger.js';
import type { Metrics } from '../metrics/metrics.js';

/** Removes credentials from a URL before it is logged (`?token=` → `?token=***`). */
export function maskUrl(url: string): string {
  return url.replace(/([?&](?:token|password|secret|key)=)[^&#]*/gi, '$1***');
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
      metrics.inc('banbridge_http_requests_total', {
        method: req.method,
        status: String(res.statusCode),
      });
      const meta = {
        method: req.method,
        url: maskUrl(req.originalUrl).slice(0, 300),
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        client: req.ip,
        user: principal?.name,
      };
      if (res.statusCode >= 500) log.error('http request', meta);
      else if (res.statusCode >= 400) log.info('http request', meta);
      else log.debug('http request', meta);
    });
    next();
  };
}
