import type { DesiredEntry, ObservedEntry } from '../targets/target.js';

export interface ReconcilePlan {
  add: DesiredEntry[];
  remove: { id: string; family: 4 | 6 }[];
  refresh: { id: string; family: 4 | 6; entry: DesiredEntry }[];
  /** Desired keys already present (owned, or as the operator's own entry). */
  inPlace: number;
  /** Entries without the banbridge comment: never touched. */
  foreign: number;
}

/**
 * Pure diff of desired state against what a router holds. Adds what is missing, removes
 * owned entries no longer wanted (and owned duplicates), and — in dynamic mode — refreshes
 * owned entries whose timeout runs out more than `refreshBelowMs` before the ban does.
 * Entries without the banbridge comment are never removed or changed; a desired key the
 * operator already blocks by hand is left to that entry (adding would only trap).
 */
export function planReconcile(
  desired: ReadonlyMap<string, DesiredEntry>,
  observed: readonly ObservedEntry[],
  mode: 'dynamic' | 'static',
  now: number,
  refreshBelowMs: number,
): ReconcilePlan {
  const plan: ReconcilePlan = { add: [], remove: [], refresh: [], inPlace: 0, foreign: 0 };
  const seen = new Set<string>();
  for (const entry of observed) {
    const id = `${entry.family}|${entry.key}`;
    const wanted = desired.get(entry.key);
    if (!entry.owned) {
      plan.foreign++;
      if (wanted !== undefined && wanted.family === entry.family) seen.add(id);
      continue;
    }
    if (wanted === undefined || wanted.family !== entry.family || seen.has(id)) {
      plan.remove.push({ id: entry.id, family: entry.family });
      continue;
    }
    seen.add(id);
    if (mode === 'dynamic' && entry.timeoutMs !== null) {
      const remaining = wanted.expiresAt === null ? Infinity : wanted.expiresAt - now;
      if (entry.timeoutMs < refreshBelowMs && remaining > entry.timeoutMs + 60_000) {
        plan.refresh.push({ id: entry.id, family: entry.family, entry: wanted });
      }
    }
  }
  for (const entry of desired.values()) {
    if (seen.has(`${entry.family}|${entry.key}`)) plan.inPlace++;
    else plan.add.push(entry);
  }
  return plan;
}
