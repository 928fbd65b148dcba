import type { BanRow } from '../../src/store/bans.js';

/** An active IPv4 ban row written straight to the store (bulk data for list and page tests). */
export function banRow(key: string, at: number, extra: Partial<BanRow> = {}): BanRow {
  return {
    key,
    family: 4,
    first_seen: at,
    last_seen: at,
    hits: 1,
    banned_at: at,
    expires_at: at + 3600_000,
    active: 1,
    reason: '',
    ended_at: null,
    ended_by: null,
    ...extra,
  };
}
