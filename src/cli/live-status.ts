import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Config } from '../config/types.js';
import type { LiveRouterState } from '../http/router-status-view.js';

/**
 * Asks the running `serve` (at listen.host:port) for its routers' live state through
 * `/readyz`, which needs no credential. Undefined when no serve answers within 2 s. Only the
 * connection state and last error code are read (the guard is in the store); nothing secret travels.
 */
export async function fetchLiveStatus(
  config: Config,
): Promise<Map<string, LiveRouterState> | undefined> {
  const { host, port, tls } = config.listen;
  if (port === 0) return undefined;
  const target = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const body = await get(tls !== undefined, target, port).catch(() => undefined);
  if (body === undefined) return undefined;
  try {
    const parsed = JSON.parse(body) as {
      routers?: {
        name: string;
        state: LiveRouterState['state'];
        error: string | null;
      }[];
    };
    return new Map(
      (parsed.routers ?? []).map((r) => [
        r.name,
        {
          state: r.state,
          lastError: r.error === null ? null : { code: r.error },
        },
      ]),
    );
  } catch {
    return undefined;
  }
}

function get(tls: boolean, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    // The local service's own certificate may be self-signed; /readyz carries nothing secret.
    const options = { host, port, path: '/readyz', timeout: 2000, rejectUnauthorized: false };
    const req = (tls ? httpsRequest : httpRequest)(options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.length > 1_000_000) req.destroy(new Error('answer too large'));
      });
      res.on('end', () => resolve(text));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
