import type { Decision } from '../pipeline/decision.js';
import type { CliIo } from './io.js';

export function printDecision(d: Decision, io: CliIo): void {
  if (d.outcome === 'accepted') {
    const until = d.permanent === true ? 'permanently' : `until ${d.expires_at ?? '?'}`;
    const what =
      d.new === true ? 'banned' : d.extended === true ? 'ban extended' : 'already banned';
    io.stdout(`${d.ip}: ${what} as ${d.key ?? d.ip} ${until} (offence ${d.offence ?? 1})\n`);
  } else if (d.outcome === 'recorded') {
    io.stdout(`${d.ip}: recorded, not banned (${d.message ?? 'report only'})\n`);
  } else {
    io.stderr(`${d.ip}: refused ${d.code ?? ''}: ${d.message ?? ''}\n`);
  }
}
