import { humanDuration } from '../../pipeline/explain/human-duration.js';
import type { RouterPresence } from '../../pipeline/explain/router-presence.js';
import type { AddressExplanation, AuditView } from '../../pipeline/explain-address.js';
import { printable } from './printable.js';

const iso = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString());

function detailText(detail: Record<string, unknown> | null): string {
  if (detail === null) return '';
  const parts = Object.entries(detail)
    .filter(([, v]) => v !== undefined && v !== null && v !== false && typeof v !== 'object')
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length === 0 ? '' : ` [${parts.join(' ')}]`;
}

function who(row: AuditView): string {
  return `${row.credential} via ${row.detector}${row.via === null ? '' : ` "${row.via}"`}`;
}

function routerLine(r: RouterPresence): string {
  const since = r.since === null ? '' : ` since ${iso(r.since)}`;
  const error = r.error === null ? '' : `: ${r.error.code} ${r.error.message}`;
  const attempts = r.attempts > 0 && r.state !== 'present' ? ` after ${r.attempts} attempt(s)` : '';
  return `  ${r.router}: ${r.state}${since}${attempts}${error}`;
}

/** `banbridge show IP` for a person: the state first, then why, then the details. */
export function formatExplanation(e: AddressExplanation, now: number): string {
  const lines: string[] = [];
  const ban = e.ban;
  if (e.state === 'banned' && ban !== null) {
    const until =
      ban.expires_at === null
        ? 'permanently'
        : `until ${iso(ban.expires_at)} (${humanDuration(ban.expires_at - now)} left)`;
    lines.push(`${e.key}: BANNED since ${iso(ban.banned_at)} ${until}`);
  } else if (ban !== null) {
    lines.push(
      `${e.key}: not banned (last ban ended ${iso(ban.ended_at)} by ${ban.ended_by ?? 'expiry'})`,
    );
  } else {
    lines.push(`${e.key}: not banned, never was`);
  }
  if (e.key !== e.input) lines.push(`  asked: ${printable(e.input)}`);
  if (!e.judgement.ok) lines.push(`  policy: ${e.judgement.code}: ${e.judgement.message}`);
  if (ban !== null && ban.reason !== '') lines.push(`  reason: ${printable(ban.reason)}`);
  if (e.offence !== null) lines.push(`  ${e.offence.escalation}`);
  if (e.claims.length > 0) {
    lines.push('claims:');
    for (const c of e.claims) {
      lines.push(
        `  ${printable(c.source)}${c.active ? '' : ' (withdrawn)'}: ${c.detector ?? '?'}${c.via === null ? '' : ` "${printable(c.via)}"`}, ${c.hits} report(s) since ${iso(c.first_seen)}${printable(detailText(c.detail))}`,
      );
    }
  }
  if (e.refusals.length > 0) {
    lines.push('refused reports:');
    for (const r of e.refusals.slice(0, 20)) {
      lines.push(`  ${iso(r.at)} ${printable(who(r))}: ${r.code ?? '?'}: ${printable(r.reason)}`);
    }
  }
  if (e.evidence.length > 0) {
    lines.push('evidence:');
    for (const r of e.evidence.slice(0, 10)) {
      lines.push(`  ${iso(r.at)} ${printable(who(r))}:`);
      for (const line of (r.evidence ?? '').split('\n').slice(0, 20))
        lines.push(`    ${printable(line)}`);
    }
  }
  if (e.routers.length > 0) {
    lines.push('routers:');
    for (const r of e.routers) lines.push(routerLine(r));
  }
  return `${lines.join('\n')}\n`;
}
