import type { BanRequest } from '../../core/ban-request.js';
import { fail2banVia, readFail2banFields } from './read-fields.js';
import type { Fail2banBanReport, Fail2banDetail } from './types.js';

/**
 * Maps the body of `POST /v1/fail2ban/ban` (sent by fail2ban/action.d/banbridge.conf's
 * actionban) to one ban request. The requested bantime becomes the requested duration
 * (policy may escalate or cap it); a negative bantime is fail2ban's permanent ban; a
 * restored ban (fail2ban restarted and re-announces it) is flagged so that it is recorded
 * but not counted as a new offence. Pure: validation errors are FAIL2BAN_BODY_INVALID.
 */
export function fail2banToBanRequests(fields: Record<string, unknown>): Fail2banBanReport {
  const f = readFail2banFields(fields);
  const detail: Fail2banDetail = { jail: f.jail, restored: f.restored };
  if (f.host !== undefined) detail.host = f.host;
  if (f.bantimeSeconds !== undefined) detail.bantime = f.bantimeSeconds;
  if (f.permanent) detail.permanent = true;
  if (f.failures !== undefined) detail.failures = f.failures;

  const request: BanRequest = {
    ip: f.ip,
    reason: reasonText(f.jail, f.host, f.failures, f.restored),
  };
  if (f.bantimeSeconds !== undefined) request.durationMs = f.bantimeSeconds * 1000;
  if (f.permanent) request.permanent = true;
  if (f.restored) request.restored = true;
  return { requests: [request], via: fail2banVia(f), detail };
}

function reasonText(
  jail: string,
  host: string | undefined,
  failures: number | undefined,
  restored: boolean,
): string {
  const where = host === undefined ? `fail2ban jail ${jail}` : `fail2ban jail ${jail} on ${host}`;
  if (restored) return `${where}: ban restored after a fail2ban restart`;
  if (failures === undefined) return where;
  if (failures === 0) return `${where}: manual ban`;
  return `${where}: ${failures} ${failures === 1 ? 'failure' : 'failures'}`;
}
