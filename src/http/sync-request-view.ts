import { isoOrNull } from '../pipeline/decision.js';
import { SyncRequests, type SyncRequestRow } from '../store/sync-requests.js';

/**
 * Where a sync request stands: the reconcile is still to come, it ran, or it could not; or
 * nobody answered it for SYNC_WAIT_MS (the driving instance is stuck, or none drives the
 * router), though a later reconcile still answers it.
 */
export type SyncRequestState = 'waiting' | 'done' | 'failed' | 'unanswered';

export const SYNC_WAIT_MS = 10 * 60_000;

/** A recorded sync request as GET /v1/sync/{id} answers it (times ISO 8601). */
export interface SyncRequestView {
  id: number;
  router: string;
  requested_by: string;
  requested_at: string;
  state: SyncRequestState;
  answered_by: string | null;
  answered_at: string | null;
  /** What the reconcile changed, when it ran. */
  summary: Record<string, unknown> | null;
  /** Why it could not run (the router down, a refused read, …). */
  error: { code: string; message: string } | null;
}

export function syncRequestState(row: SyncRequestRow, now: number): SyncRequestState {
  if (row.answered_at === null) {
    return now - row.requested_at < SYNC_WAIT_MS ? 'waiting' : 'unanswered';
  }
  return row.error_code === null ? 'done' : 'failed';
}

export function syncRequestView(row: SyncRequestRow, now: number): SyncRequestView {
  return {
    id: row.id,
    router: row.router,
    requested_by: row.requested_by,
    requested_at: new Date(row.requested_at).toISOString(),
    state: syncRequestState(row, now),
    answered_by: row.answered_by,
    answered_at: isoOrNull(row.answered_at),
    summary: SyncRequests.summaryOf(row),
    error: row.error_code === null ? null : { code: row.error_code, message: row.error ?? '' },
  };
}
