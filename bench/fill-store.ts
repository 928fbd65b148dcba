import { Store } from '../src/store/store.js';

/** The addresses bench/routeros-sim-child.ts puts on the simulated router, in order. */
export function benchAddress(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

/** A store file holding `count` active one-day bans on benchAddress(0 … count-1). */
export async function fillStore(path: string, count: number): Promise<Store> {
  const store = await Store.open(path);
  const now = Date.now();
  await store.transaction(async () => {
    for (let i = 0; i < count; i++) {
      const key = benchAddress(i);
      await store.bans.save({
        key,
        family: 4,
        first_seen: now,
        last_seen: now,
        hits: 1,
        banned_at: now,
        expires_at: now + 86_400_000,
        active: 1,
        reason: 'bench',
        ended_at: null,
        ended_by: null,
      });
      await store.bans.claim(key, 'bench', 'bench', now);
    }
  });
  return store;
}
