import type { OutboxOp } from '../../store/outbox.js';
import type { RouterStateRow } from '../../store/router-state.js';

export interface RouterPresence {
  router: string;
  /**
   * present: the router confirmed the entry (operation done, or a reconcile after the ban);
   * pending / failed: the add is queued or gave up; removing / remove-failed: the same for
   * a removal; absent: no entry is wanted and none is queued; unknown: not confirmed yet.
   */
  state: 'present' | 'pending' | 'failed' | 'removing' | 'remove-failed' | 'absent' | 'unknown';
  /** When the state was reached (operation finished, reconcile ran), epoch ms. */
  since: number | null;
  attempts: number;
  error: { code: string; message: string } | null;
}

/** What one router holds for a key, from its newest outbox operation and last reconcile. */
export function routerPresence(
  router: string,
  wanted: boolean,
  bannedAt: number | null,
  op: OutboxOp | undefined,
  state: RouterStateRow | undefined,
): RouterPresence {
  const error = op?.last_code == null ? null : { code: op.last_code, message: op.last_error ?? '' };
  const base = { router, attempts: op?.attempts ?? 0, error };
  const wantedOp = op !== undefined && (op.op === 'add') === wanted;
  if (wantedOp && op.state === 'pending') {
    return { ...base, state: wanted ? 'pending' : 'removing', since: op.created_at };
  }
  if (wantedOp && op.state === 'failed') {
    return { ...base, state: wanted ? 'failed' : 'remove-failed', since: op.finished_at };
  }
  if (!wanted) return { ...base, state: 'absent', since: op?.finished_at ?? null };
  if (wantedOp && op.state === 'done') return { ...base, state: 'present', since: op.finished_at };
  // Superseded or purged operations: a reconcile after the ban began put the entry there.
  const synced = state?.last_sync_at ?? null;
  if (synced !== null && bannedAt !== null && synced >= bannedAt) {
    return { ...base, state: 'present', since: synced };
  }
  return { ...base, state: 'unknown', since: null };
}
