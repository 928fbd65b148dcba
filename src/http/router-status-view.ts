import type { RouterStateRow } from '../store/router-state.js';
import { heldRemovals } from '../worker/removal-guard.js';
import type { WorkerStatus } from '../worker/status.js';
import { isoOrNull } from '../pipeline/decision.js';

/** The live part of a router's status: from the worker in serve, or from /readyz in the CLI. */
export type LiveRouterState = Pick<WorkerStatus, 'state' | 'driving' | 'driver'> & {
  lastError: { code: string; message?: string } | null;
  lastContactAt?: number | null;
};

export interface RouterStatusView {
  name: string;
  /** `guarded` while the mass-removal guard holds removals back; `unknown`: no live state. */
  state: 'unknown' | 'connected' | 'down' | 'guarded';
  pending: number;
  failed: number;
  last_error: { code: string; message?: string } | null;
  last_contact_at: string | null;
  last_sync_at: string | null;
  /** Why the last completed reconciliation ran (start, reconnect, reboot, periodic, …). */
  last_sync_reason: string | null;
  last_sync: Record<string, unknown> | null;
  /** Removals the mass-removal guard holds back (recorded in the store, so known with serve down). */
  guard: { held: number; owned: number; reason: string; since: string } | null;
  /** Whether the instance answering drives the router (holds its lease). */
  driving: boolean;
  /** The instance that drives the router (several instances on one store); null: none. */
  driven_by: string | null;
}

/**
 * One router's status for `GET /v1/status` and `banbridge status` alike: the last sync and
 * its reason come from the store (what the worker recorded), so both always say the same.
 */
export function routerStatusView(
  name: string,
  stored: RouterStateRow | undefined,
  outbox: readonly { router: string; state: string; n: number }[],
  live: LiveRouterState | undefined,
  /** The router's live lease holder from the store, when `live` does not say (CLI). */
  leaseHolder: string | null = null,
): RouterStatusView {
  const count = (state: string) =>
    outbox.find((o) => o.router === name && o.state === state)?.n ?? 0;
  const lastSync = parseSummary(stored?.last_sync_summary ?? null);
  const held = stored === undefined ? null : heldRemovals(stored);
  const guard = held === null ? null : { ...held, since: new Date(held.since).toISOString() };
  return {
    name,
    state: guard !== null ? 'guarded' : (live?.state ?? 'unknown'),
    pending: count('pending'),
    failed: count('failed'),
    last_error: live?.lastError ?? null,
    last_contact_at: isoOrNull(live?.lastContactAt ?? null),
    last_sync_at: isoOrNull(stored?.last_sync_at ?? null),
    last_sync_reason: typeof lastSync?.reason === 'string' ? lastSync.reason : null,
    last_sync: lastSync,
    guard,
    driving: live?.driving ?? live !== undefined,
    driven_by: live?.driver ?? leaseHolder,
  };
}

function parseSummary(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
