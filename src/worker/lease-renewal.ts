import type { Store } from '../store/store.js';

export interface LeaseOptions {
  /** How long a lease lasts without renewal (database clock). */
  ttlMs: number;
  /** How often the lease is renewed (and a free one looked for). */
  renewMs: number;
}

/** 6 s leases renewed every second: a dead holder's routers are taken over within ~7 s. */
export const DEFAULT_LEASE: LeaseOptions = { ttlMs: 6_000, renewMs: 1_000 };

/**
 * Takes or renews `holder`'s lease on the router. Resolves to the local monotonic time
 * (performance.now()) until which the holder may write, or undefined when another instance
 * holds the lease. The time counts from when the renewal was sent, and is half the TTL: a
 * holder that stops then has stopped well before the lease can expire by the database clock
 * and another instance take over, however slow the answer was. LeaseKeeper (serve) and
 * LeaseHold (banbridge sync) both keep to it.
 */
export async function renewLease(
  store: Store,
  router: string,
  holder: string,
  options: LeaseOptions,
): Promise<number | undefined> {
  const sent = performance.now();
  const ours = await store.leases.acquire(router, holder, options.ttlMs);
  return ours ? sent + options.ttlMs / 2 : undefined;
}
