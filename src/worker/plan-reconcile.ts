import { coversBan, type DesiredEntry, type ObservedEntry } from '../targets/target.js';

/** A desired entry before its comment is made (only the entries written need one). */
export type DesiredBan = Omit<DesiredEntry, 'comment'>;

export interface ReconcilePlan<D extends DesiredBan = DesiredEntry> {
  add: D[];
  remove: { id: string; family: 4 | 6; key: string }[];
  /** Timeouts running low, and owned entries someone disabled (re-enabled by the set). */
  refresh: { id: string; family: 4 | 6; entry: D }[];
  /** Desired keys already present (owned, or as the operator's own entry). */
  inPlace: number;
  /** Owned entries in the refresh list because they were disabled. */
  reenable: number;
  /** Owned entries on the router (the mass-removal guard's base). */
  owned: number;
  /** Entries without the banbridge comment: never touched. */
  foreign: number;
  /** Foreign entries that are disabled (reported, never changed). */
  foreignDisabled: number;
}

/**
 * Pure diff of desired state against what a router holds. Adds what is missing, removes
 * owned entries no longer wanted (and owned duplicates), re-enables owned entries someone
 * disabled (a disabled entry blocks nothing), and — in dynamic mode — refreshes owned entries
 * whose timeout runs out more than `refreshBelowMs` before the ban does. Entries banbridge
 * does not own (target.ts isOwnedComment) are never removed or changed; a desired key the
 * operator already blocks by hand, for the whole ban (coversBan), is left to that entry
 * (adding would only trap).
 */
export function planReconcile<D extends DesiredBan>(
  desired: ReadonlyMap<string, D>,
  observed: readonly ObservedEntry[],
  mode: 'dynamic' | 'static',
  now: number,
  refreshBelowMs: number,
): ReconcilePlan<D> {
  const plan: ReconcilePlan<D> = {
    add: [],
    remove: [],
    refresh: [],
    inPlace: 0,
    reenable: 0,
    owned: 0,
    foreign: 0,
    foreignDisabled: 0,
  };
  // Keys seen per family (two sets, not one of `family|key` strings: 100,000 rows per run).
  const seenByFamily = { 4: new Set<string>(), 6: new Set<string>() };
  for (const entry of observed) {
    const seen = seenByFamily[entry.family];
    const wanted = desired.get(entry.key);
    if (!entry.owned) {
      plan.foreign++;
      // The operator's entry, disabled or not, is theirs: left alone, disabled ones reported.
      // It stands for the ban only while it blocks for all of it; else banbridge adds its own
      // (routeros-target.ts answers ROUTER_SHADOWED if the router refuses that duplicate).
      if (entry.disabled) plan.foreignDisabled++;
      if (
        wanted !== undefined &&
        wanted.family === entry.family &&
        coversBan(entry, wanted.expiresAt, now)
      ) {
        seen.add(entry.key);
      }
      continue;
    }
    plan.owned++;
    if (wanted === undefined || wanted.family !== entry.family || seen.has(entry.key)) {
      plan.remove.push({ id: entry.id, family: entry.family, key: entry.key });
      continue;
    }
    seen.add(entry.key);
    if (entry.disabled) {
      plan.reenable++;
      plan.refresh.push({ id: entry.id, family: entry.family, entry: wanted });
      continue;
    }
    if (mode === 'dynamic' && entry.timeoutMs !== null) {
      const remaining = wanted.expiresAt === null ? Infinity : wanted.expiresAt - now;
      if (entry.timeoutMs < refreshBelowMs && remaining > entry.timeoutMs + 60_000) {
        plan.refresh.push({ id: entry.id, family: entry.family, entry: wanted });
      }
    }
  }
  for (const entry of desired.values()) {
    if (seenByFamily[entry.family].has(entry.key)) plan.inPlace++;
    else plan.add.push(entry);
  }
  return plan;
}
