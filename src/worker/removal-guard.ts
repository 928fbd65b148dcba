import type { RouterStateRow } from '../store/router-state.js';

export type GuardReason = 'share' | 'never_synced' | 'identity_changed';

export interface RemovalGuardOptions {
  /** false: never hold removals back (worker.removal_guard.enabled). */
  enabled: boolean;
  /** Hold when a reconcile would remove more than this share of the owned entries… */
  maxShare: number;
  /** …and the router holds more than this many owned entries. */
  minOwned: number;
}

export interface RemovalFacts {
  /** Owned entries the reconcile would remove. */
  remove: number;
  /** Owned entries on the router. */
  owned: number;
  /** Identity recorded at this store's first sync with the router, or null. */
  recordedIdentity: string | null;
  /** What the router calls itself now. */
  identity: string;
  /** Whether this store ever completed a sync with the router. */
  everSynced: boolean;
}

/**
 * Why a reconcile must not remove now, or null when it may. An empty or new store (a typo in
 * store.path, a lost disk, a test pointed at production), a store that belongs to another
 * router, or a drop of a large share at once all look like "remove everything" to a plain
 * diff; those removals wait for `banbridge sync --allow-removals`.
 */
export function judgeRemovals(
  facts: RemovalFacts,
  options: RemovalGuardOptions,
): GuardReason | null {
  if (!options.enabled || facts.remove === 0) return null;
  if (facts.recordedIdentity !== null && facts.recordedIdentity !== facts.identity) {
    return 'identity_changed';
  }
  if (facts.recordedIdentity === null && !facts.everSynced) return 'never_synced';
  if (facts.owned > options.minOwned && facts.remove > facts.owned * options.maxShare) {
    return 'share';
  }
  return null;
}

/** The operator's next step, in words, for the log and `banbridge sync`. */
export function guardAdvice(
  router: string,
  reason: GuardReason,
  facts: RemovalFacts,
  options: RemovalGuardOptions,
): string {
  const what = `${facts.remove} of ${facts.owned} banbridge entries`;
  const why =
    reason === 'identity_changed'
      ? `this store was synced with "${facts.recordedIdentity ?? ''}" but router ${router} now says it is "${facts.identity}" (a different router, or a store meant for another one)`
      : reason === 'never_synced'
        ? `this store has never synced with router ${router} (a new or wrong store.path?)`
        : `that is more than ${Math.round(options.maxShare * 100)} % of them`;
  return `removal of ${what} held back: ${why}; check, then run "banbridge sync --router ${router} --allow-removals" (or set worker.removal_guard.enabled: false)`;
}

/** What the store records as held back, in WorkerStatus form; null when nothing is held. */
export function heldRemovals(
  row: RouterStateRow,
): { held: number; owned: number; reason: GuardReason; since: number } | null {
  if (row.guard_reason === null) return null;
  return {
    held: row.guard_held ?? 0,
    owned: row.guard_owned ?? 0,
    reason: row.guard_reason as GuardReason,
    since: row.guard_since ?? 0,
  };
}
