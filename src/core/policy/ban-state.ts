/** The parts of a ban the policy decides on; the store's ban rows have (at least) these. */
export interface BanState {
  banned_at: number;
  expires_at: number | null;
  active: 0 | 1;
}

/** A key's offence history: drives escalation and outlives its bans. */
export interface Offence {
  key: string;
  count: number;
  last_ban_at: number;
  last_duration_ms: number | null;
}
