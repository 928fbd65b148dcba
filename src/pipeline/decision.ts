import type { ErrorCode } from '../core/errors.js';

/** One line of a report's answer: what happened to one address found in it. */
export interface Decision {
  ip: string;
  outcome: 'accepted' | 'rejected' | 'recorded';
  key?: string;
  code?: ErrorCode;
  message?: string;
  /** accepted: a new ban (false: an active ban was hit, maybe lengthened). */
  new?: boolean;
  extended?: boolean;
  expires_at?: string | null;
  permanent?: boolean;
  /** Offence number of the key within the escalation window. */
  offence?: number;
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
