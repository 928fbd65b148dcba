import type { GraylogNotification } from './types.js';

/** Per part: an sshd or RouterOS line fits; a runaway message does not bloat the audit trail. */
export const EVIDENCE_PART_MAX = 500;

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= EVIDENCE_PART_MAX
    ? oneLine
    : `${oneLine.slice(0, EVIDENCE_PART_MAX - 1)}…`;
}

/**
 * The evidence kept with every request: the event message and the first backlog message (the
 * log line that triggered a filter event, or one of the aggregated lines), each clipped.
 */
export function evidenceOf(notification: GraylogNotification): string | undefined {
  const parts = [notification.message, notification.backlog[0]?.message]
    .filter((part): part is string => part !== undefined && part.trim() !== '')
    .map(clip);
  return parts.length === 0 ? undefined : parts.join('\n');
}
