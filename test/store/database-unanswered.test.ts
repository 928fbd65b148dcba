/**
 * A PostgreSQL link that goes silent (a network partition, a firewall dropping packets, a
 * frozen database host): no error, no closed connection, just no answer. Before the query
 * timeout a batch waited on it for as long as TCP retransmits (about 15 minutes on Linux),
 * and every report behind it with it. The link runs through a TCP proxy that can stop
 * forwarding while keeping its connections open (test/helpers/tcp-proxy.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { banRow } from '../helpers/ban-row.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { databaseFor } from '../helpers/test-store.js';

const NOW = Date.now();
let proxy: TcpProxy | undefined;
const opened: Store[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close().catch(() => undefined);
  await proxy?.close();
  proxy = undefined;
});

/** The database's URL, through a new proxy. */
async function throughProxy(url: string): Promise<string> {
  const direct = new URL(url);
  proxy = await startTcpProxy(Number(direct.port));
  direct.port = String(proxy.port);
  return direct.toString();
}

async function open(url: string, options: Parameters<typeof Store.open>[1] = {}): Promise<Store> {
  const store = await Store.open({ url }, options);
  opened.push(store);
  return store;
}

describe('a database that stops answering (PostgreSQL)', () => {
  it('fails writes and reads with STORE_UNAVAILABLE after the query timeout, and works again when the link is back', async () => {
    const url = databaseFor(`unanswered_${process.pid}`);
    const store = await open(await throughProxy(url), { queryTimeoutMs: 1000 });
    await store.transaction(() => store.bans.save(banRow('5.4.0.1', NOW)));

    proxy?.blackhole();
    const first = store.transaction(() => store.bans.save(banRow('5.4.0.2', NOW)));
    const second = store.transaction(() => store.bans.save(banRow('5.4.0.3', NOW)));
    await expect(first).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: 'the ban store did not answer within 1 s; retry later',
    });
    // Behind it, on a new connection that never completes: refused too, not left waiting.
    await expect(second).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(store.bans.get('5.4.0.1')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    // What went unanswered: the batch's BEGIN, swallowed by the silent link.
    expect(proxy?.swallowed()).toContain('BEGIN');
    proxy?.heal();
    await store.transaction(() => store.bans.save(banRow('5.4.0.4', NOW)));
    expect(await store.bans.get('5.4.0.1')).toMatchObject({ key: '5.4.0.1' });
    expect(await store.bans.get('5.4.0.2')).toBeUndefined();
    expect(await store.bans.get('5.4.0.3')).toBeUndefined();
    expect(await store.bans.get('5.4.0.4')).toMatchObject({ key: '5.4.0.4' });
  });

  it('a transaction cut off midway frees the write lock for the other instances', async () => {
    const url = databaseFor(`unanswered_lock_${process.pid}`);
    // A reaches the database through the proxy; B directly.
    const a = await open(await throughProxy(url), {
      queryTimeoutMs: 1000,
      idleInTransactionMs: 500,
    });
    const b = await open(url);
    const cut = a.transaction(async () => {
      await a.bans.save(banRow('5.4.1.1', NOW));
      proxy?.blackhole();
      await a.bans.save(banRow('5.4.1.2', NOW));
    });
    await expect(cut).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      message: 'the ban store did not answer within 1 s; retry later',
    });
    // A never sent its ROLLBACK; the server ended its session, idle in the transaction.
    await b.transaction(() => b.bans.save(banRow('5.4.1.3', NOW)));
    expect(await b.bans.get('5.4.1.1')).toBeUndefined();
    expect(await b.bans.get('5.4.1.3')).toMatchObject({ key: '5.4.1.3' });
  });
});
