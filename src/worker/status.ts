/** What the worker knows about one router right now (for /readyz, /metrics and status). */
export interface WorkerStatus {
  router: string;
  /** connected: the last operation or probe succeeded; down: the last attempt failed. */
  state: 'unknown' | 'connected' | 'down';
  lastError: { code: string; message: string } | null;
  lastContactAt: number | null;
  lastSyncAt: number | null;
  lastSync: Record<string, unknown> | null;
  pending: number;
  /** Removals the mass-removal guard holds back until `banbridge sync --allow-removals`; null when none. */
  guard: {
    held: number;
    owned: number;
    reason: 'share' | 'never_synced' | 'identity_changed';
    since: number;
  } | null;
  /** This instance drives the router now (holds its lease). */
  driving?: boolean;
  /** The instance that drives it (null: none right now). */
  driver?: string | null;
}
