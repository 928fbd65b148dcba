/**
 * The one device interface (style.md §3). The outbox worker and the reconciler only ever talk
 * to a Target; RouterOS and the dry-run target implement it, chosen by config.
 *
 * Keys: a ban key is canonical text — an IPv4 host `203.0.113.9`, an IPv4 network
 * `203.0.113.0/24`, or an IPv6 network in lower-case compressed form with its prefix
 * `2a01:4f8:1:2::/64` (a single IPv6 host is `…/128`). Targets translate keys to and from
 * the router's own printed form.
 */
export type Family = 4 | 6;

/** An entry banbridge wants on a router. */
export interface DesiredEntry {
  key: string;
  family: Family;
  /** Starts with `banbridge`; the target sanitises and truncates it for the device. */
  comment: string;
  /** Epoch ms when the ban ends, or null for a permanent ban. */
  expiresAt: number | null;
}

/** An entry as read from a router's configured address lists. */
export interface ObservedEntry {
  /** Device id (RouterOS `.id` such as `*1A`). */
  id: string;
  /** The entry's address translated to a ban key when it parses as one, else verbatim. */
  key: string;
  family: Family;
  comment: string;
  /** True when the comment marks it as banbridge's (starts with `banbridge`). */
  owned: boolean;
  dynamic: boolean;
  disabled: boolean;
  /** Remaining timeout in ms, or null when the entry has none. */
  timeoutMs: number | null;
}

export interface RemoveByKey {
  key: string;
  family: Family;
}

export interface TargetFailure {
  ok: false;
  /** An error with a stable code (BanbridgeError), retryable or not. */
  error: Error & { code: string; retryable: boolean };
}
export type TargetResult = { ok: true } | TargetFailure;

export interface Target {
  readonly name: string;
  /**
   * Adds entries (pipelined on one connection). An entry that already exists counts as
   * success and has its timeout/comment refreshed. One result per entry, in order.
   */
  add(entries: readonly DesiredEntry[]): Promise<TargetResult[]>;
  /** Removes banbridge-owned entries with these keys; absent entries count as success. */
  remove(keys: readonly RemoveByKey[]): Promise<TargetResult[]>;
  /** Removes entries by device id (used by the reconciler after `list`). */
  removeIds(ids: readonly { id: string; family: Family }[]): Promise<TargetResult[]>;
  /** Sets a new timeout/comment on existing entries by id (reconciler refreshes). */
  refresh(
    entries: readonly { id: string; family: Family; entry: DesiredEntry }[],
  ): Promise<TargetResult[]>;
  /** Every entry of the configured IPv4 and IPv6 lists, owned or not (streamed read). */
  list(): Promise<ObservedEntry[]>;
  /** Seconds since the device booted; going backwards means it rebooted. */
  uptimeSeconds(): Promise<number>;
  /** Whether entries carry a timeout (`dynamic`) or not (`static`). */
  readonly entryMode: 'dynamic' | 'static';
  /** Subscribes to "connection (re)established" so the worker can reconcile. */
  onReconnect(listener: () => void): void;
  /** Closes connections; never removes anything from the device. */
  close(): Promise<void>;
}
