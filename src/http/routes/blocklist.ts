import { Router, type Request, type Response } from 'express';
import { BanbridgeError } from '../../core/errors.js';
import { formatDuration } from '../../core/duration.js';
import type { HttpDeps } from '../deps.js';
import { storeGuard } from '../store-errors.js';

/** The address list the script adds to unless `list=` names another. */
const DEFAULT_LIST = 'Blocked address';
const LIST_NAME = /^[\w .-]{1,64}$/;

/** RouterOS caps an address-list timeout at 35w3d13h13m56s (2^31 centiseconds). */
const MAX_TIMEOUT_MS = 2 ** 31 * 10;

/**
 * GET /v1/blocklist: the active ban keys for devices that prefer to fetch a list rather
 * than be pushed to — `format=txt` (one key a line, default) or `format=rsc` (a RouterOS
 * script that adds each entry with its remaining time, ignoring entries already present).
 */
export function blocklistRoutes(deps: HttpDeps): Router {
  const router = Router();
  router.get('/v1/blocklist', async (req: Request, res: Response) => {
    const format = req.query.format ?? 'txt';
    const family = req.query.family;
    if (format !== 'txt' && format !== 'rsc') {
      throw new BanbridgeError('VALIDATION_FAILED', 'format must be txt or rsc', {
        field: 'format',
      });
    }
    if (family !== undefined && family !== '4' && family !== '6') {
      throw new BanbridgeError('VALIDATION_FAILED', 'family must be 4 or 6', { field: 'family' });
    }
    const list = req.query.list ?? DEFAULT_LIST;
    // Written into the script between double quotes: nothing RouterOS's scripting reads as
    // syntax there (", \\, $, [) may pass, so a refused name is an error, not a silent default.
    if (typeof list !== 'string' || !LIST_NAME.test(list)) {
      throw new BanbridgeError(
        'VALIDATION_FAILED',
        "list must be 1 to 64 letters, digits, spaces, '_', '.' or '-' (default: Blocked address)",
        { field: 'list' },
      );
    }
    const now = deps.pipeline.now();
    const lines: string[] =
      format === 'rsc' ? [`# banbridge blocklist ${new Date(now).toISOString()}`] : [];
    const inForce = await storeGuard(() => deps.pipeline.store.bans.inForce(now));
    for (const ban of inForce) {
      if (family !== undefined && String(ban.family) !== family) continue;
      if (format === 'txt') {
        lines.push(ban.key);
        continue;
      }
      const menu = ban.family === 4 ? '/ip firewall address-list' : '/ipv6 firewall address-list';
      const timeout =
        ban.expiresAt === null
          ? ''
          : ` timeout=${formatDuration(Math.min(ban.expiresAt - now, MAX_TIMEOUT_MS))}`;
      lines.push(
        `:do { ${menu} add list="${list}" address=${ban.key}${timeout} comment="banbridge" } on-error={}`,
      );
    }
    res.type('text/plain; charset=utf-8').send(`${lines.join('\n')}\n`);
  });
  return router;
}
