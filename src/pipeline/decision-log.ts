import type { BanRequest, ReportSource } from '../core/ban-request.js';
import { formatDuration } from '../core/duration.js';
import type { Log } from '../core/logger.js';
import type { Decision } from './decision.js';

/**
 * One info line per decision that changes something, worded so that an operator greps it like
 * fail2ban's `Ban 1.2.3.4`: `Ban`, `Extend`, `Unban`, `Refuse`, then the address. Written after
 * the commit, so a line never describes something that was rolled back. A hit that changes
 * nothing (an active ban reported again, not lengthened) is not logged.
 */
export function logReportDecisions(
  log: Log,
  source: ReportSource,
  requests: readonly BanRequest[],
  decisions: readonly Decision[],
  now: number,
): void {
  decisions.forEach((d, i) => {
    const request = requests[i];
    const who = {
      source: source.claim ?? source.credential,
      detector: source.detector,
      ...(source.via === undefined ? {} : { via: source.via }),
    };
    if (d.outcome === 'rejected') {
      log.info(`Refuse ${shownAddress(d.ip)}: ${d.code ?? 'REFUSED'}`, {
        ip: d.ip.slice(0, 100),
        ...(d.key === undefined ? {} : { key: d.key }),
        code: d.code,
        ...who,
        detail: d.message,
      });
      return;
    }
    if (d.outcome !== 'accepted' || (d.new !== true && d.extended !== true)) return;
    const expires =
      d.expires_at === undefined || d.expires_at === null ? null : Date.parse(d.expires_at);
    const duration = expires === null ? 'permanent' : formatDuration(Math.max(0, expires - now));
    log.info(`${d.new === true ? 'Ban' : 'Extend'} ${d.key ?? d.ip}`, {
      ip: d.ip,
      key: d.key,
      duration,
      expires_at: d.expires_at ?? null,
      offence: d.offence,
      ...who,
      reason: (request?.reason ?? '').slice(0, 200),
    });
  });
}

/**
 * The reported text as it may stand in a log message: as is when it only has address
 * characters, else quoted as JSON (it is detector input: a newline must not forge a line).
 */
function shownAddress(ip: string): string {
  const cut = ip.slice(0, 100);
  return /^[0-9A-Za-z.:/%-]*$/.test(cut) ? cut : JSON.stringify(cut);
}

/** `Unban KEY` when a ban ends: by whom (a credential, `expiry`, `allowlist`) and why. */
export function logUnban(log: Log, key: string, by: string, why: string): void {
  log.info(`Unban ${key}`, { key, by, reason: why });
}
