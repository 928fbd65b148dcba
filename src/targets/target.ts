/**
 * The one device interface: nothing else knows which device is behind it. The outbox worker and the reconciler only ever talk
 * to a Target; RouterOS and the dry-run target implement it, chosen by config.
 *
 * Keys: a ban key is canonical text — an IPv4 host `203.0.113.9`, an IPv4 network
 * `203.0.113.0/24`, or an IPv6 network in lower-case compressed form with its prefix
 * `2a01:4f8:1:2::/64` (a single IPv6 host is `…/128`). Targets translate keys to and from
 * the router's own printed form.
 */
import type { BanbridgeError } from '../core/errors.js';

export type Family = 4 | 6;

/**
 * Ownership, stated once: banbridge owns exactly the router entries whose comment starts with
 * this word. The reconciler adds, refreshes, re-enables and removes only
 * those; every other entry is the operator's and is never changed.
 */
export const OWNED_COMMENT_PREFIX = 'banbridge';

export function isOwnedComment(comment: string): boolean {
  return comment.startsWith(OWNED_COMMENT_PREFIX);
}

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
  /** isOwnedComment(comment). */
  owned: boolean;
  dynamic: boolean;
  disabled: boolean;
  /** Remaining timeout in ms, or null when the entry has none. */
  timeoutMs: number | null;
}

/**
 * Whether an entry of the operator's blocks the address for the whole of a ban ending at
 * `expiresAt` (null: permanent): it is enabled, and has no timeout or one that outlasts the
 * ban. A disabled entry blocks nothing, and the router deletes one whose timeout runs out
 * (MikroTik manual, IP > Firewall > Address-lists: `disabled`, `timeout`).
 */
export function coversBan(
  entry: Pick<ObservedEntry, 'disabled' | 'timeoutMs'>,
  expiresAt: number | null,
  now: number,
): boolean {
  if (entry.disabled) return false;
  if (entry.timeoutMs === null) return true;
  return expiresAt !== null && now + entry.timeoutMs >= expiresAt;
}

export interface RemoveByKey {
  key: string;
  family: Family;
}

export interface TargetFailure {
  ok: false;
  /** Typed: `error.connection` says the router as a whole failed (see core/errors.ts). */
  error: BanbridgeError;
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
  /**
   * Sets a new timeout/comment on existing entries by id and enables them (reconciler
   * refreshes and re-enables); an id gone meanwhile (`no such item`) is added again.
   */
  refresh(
    entries: readonly { id: string; family: Family; entry: DesiredEntry }[],
  ): Promise<TargetResult[]>;
  /** Every entry of the configured IPv4 and IPv6 lists, owned or not (streamed read). */
  list(): Promise<ObservedEntry[]>;
  /** Seconds since the device booted; going backwards means it rebooted. */
  uptimeSeconds(): Promise<number>;
  /** Whether entries carry a timeout (`dynamic`) or not (`static`). */
  readonly entryMode: 'dynamic' | 'static';
  /** A name the device gives itself that a different device is unlikely to share. */
  identity(): Promise<string>;
  /** Subscribes to "connection (re)established" so the worker can reconcile. */
  onReconnect(listener: () => void): void;
  /** Subscribes to "connection lost" so the worker reconnects at once (a reboot, a reset). */
  onDisconnect(listener: () => void): void;
  /**
   * The write fence of a router that is driven under a lease: `mayWrite` is asked before a
   * session is opened and right before each command goes out (not only when a batch
   * starts), and an error it returns fails that command and every one after it, the
   * session included. A batch under way when the lease runs out (a process paused, its
   * database cut off) so stops at the next command instead of running to its end while
   * another instance drives the router.
   */
  fence(mayWrite: () => BanbridgeError | undefined): void;
  /** Ends the session now (what is queued or in flight fails with `error`); never removes anything. */
  drop(error: BanbridgeError): Promise<void>;
  /** Closes connections; never removes anything from the device. */
  close(): Promise<void>;
}
