import { expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { LeaseKeeper } from '../../src/worker/lease-keeper.js';
import { RecordingLog } from '../helpers/recording-log.js';

it('a store that cannot be read is logged once per outage, not on every lease tick', async () => {
  const store = await Store.open(':memory:');
  await store.close();
  const log = new RecordingLog();
  const keeper = new LeaseKeeper(store, [], 'bb-test', log, { ttlMs: 600, renewMs: 20 });
  keeper.start();
  await new Promise((resolve) => setTimeout(resolve, 300));
  await keeper.stop();
  const warned = log.lines.filter((l) => l.message.startsWith('router leases could not be read'));
  expect(warned).toHaveLength(1);
});
