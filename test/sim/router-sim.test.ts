import { afterEach, describe, expect, it } from 'vitest';
import { silentLog } from '../../src/core/logger.js';
import { RouterSim, type RouterSimOptions } from '../../src/sim/router-sim.js';
import { RouterOsClient } from '../../src/targets/routeros/client.js';
import { failOnUnhandled, SIM_USER } from '../targets/routeros/helpers.js';

failOnUnhandled();

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function setup(options: RouterSimOptions = {}, user = SIM_USER) {
  const sim = new RouterSim({ users: [SIM_USER], ...options });
  const port = await sim.start();
  cleanup.push(() => sim.stop());
  const client = new RouterOsClient({
    name: 'sim',
    host: '127.0.0.1',
    port,
    tls: undefined,
    username: user.name,
    password: user.password,
    window: 8,
    commandTimeoutMs: 2000,
    connectTimeoutMs: 2000,
    log: silentLog,
  });
  cleanup.push(() => client.close());
  const run = async (...words: string[]) => client.command(words);
  const traps = async (...words: string[]) => (await run(...words)).traps.map((t) => t.message);
  return { sim, client, run, traps };
}

const AL = '/ip/firewall/address-list';

describe('RouterSim address-list semantics', () => {
  it('hands out increasing upper-case hex ids and refuses duplicates after normalisation', async () => {
    const { run, traps } = await setup();
    const ids: string[] = [];
    for (let i = 1; i <= 11; i++) {
      ids.push(
        (await run(`${AL}/add`, '=list=b', `=address=192.0.2.${i}/32`)).done.get('ret') ?? '',
      );
    }
    expect(ids.slice(8)).toEqual(['*9', '*A', '*B']);
    expect(await traps(`${AL}/add`, '=list=b', '=address=192.0.2.1')).toEqual([
      'failure: already have such entry',
    ]);
    expect(await traps(`${AL}/add`, '=list=other', '=address=192.0.2.1')).toEqual([]);
    await run(`${AL}/add`, '=list=n', '=address=203.0.113.77/24');
    expect(await traps(`${AL}/add`, '=list=n', '=address=203.0.113.0/24')).toEqual([
      'failure: already have such entry',
    ]);
  });

  it('timeouts: remaining time printed, out-of-range and invalid values trapped, set refreshes', async () => {
    let now = 1_000_000;
    const { run, traps } = await setup({ clock: () => now });
    const id = (await run(`${AL}/add`, '=list=b', '=address=192.0.2.1', '=timeout=1d')).done.get(
      'ret',
    );
    now += 4_000;
    const printed = await run(`${AL}/print`, '?list=b');
    expect(printed.rows[0]?.get('timeout')).toBe('23h59m56s');
    expect(printed.rows[0]?.get('dynamic')).toBe('true');
    expect(await traps(`${AL}/add`, '=list=b', '=address=192.0.2.2', '=timeout=36w')).toEqual([
      'value of timeout is out of range (00:00:00 .. 35w3d13:13:56)',
    ]);
    expect(
      await traps(`${AL}/add`, '=list=b', '=address=192.0.2.2', '=timeout=35w3d13h13m56s'),
    ).toEqual([]);
    expect(await traps(`${AL}/add`, '=list=b', '=address=192.0.2.3', '=timeout=soon')).toEqual([
      'invalid value for argument timeout',
    ]);
    await run(`${AL}/set`, `=.id=${id}`, '=timeout=2d', '=comment=c');
    const after = await run(`${AL}/print`, `?.id=${id}`);
    expect(after.rows[0]?.get('timeout')).toBe('2d');
    expect(after.rows[0]?.get('comment')).toBe('c');
  });

  it('set/remove of an unknown id → no such item; unknown parameter is trapped', async () => {
    const { traps } = await setup();
    expect(await traps(`${AL}/remove`, '=.id=*99')).toEqual(['no such item']);
    expect(await traps(`${AL}/set`, '=.id=*99', '=comment=x')).toEqual(['no such item']);
    expect(await traps(`${AL}/add`, '=list=b', '=address=192.0.2.1', '=colour=red')).toEqual([
      'unknown parameter colour',
    ]);
  });

  it('queries: ?#| over the API, .proplist, count-only, and query words ignored by remove', async () => {
    const { run, sim } = await setup();
    sim.addEntry(4, { list: 'a', address: '192.0.2.1', comment: 'banbridge 1' });
    sim.addEntry(4, { list: 'b', address: '192.0.2.2' });
    sim.addEntry(4, { list: 'c', address: '192.0.2.3' });
    const either = await run(`${AL}/print`, '=.proplist=.id,address', '?list=a', '?list=b', '?#|');
    expect(either.rows.map((r) => [...r.keys()])).toEqual([
      ['.id', 'address'],
      ['.id', 'address'],
    ]);
    expect((await run(`${AL}/print`, '=count-only=', '?>comment=')).done.get('ret')).toBe('1');
    await run(`${AL}/remove`, '?list=a'); // ignored query, no id → trap, nothing removed
    expect(sim.entries(4)).toHaveLength(3);
  });

  it('a read-only user gets not enough permissions (9) for changes', async () => {
    const reader = { name: 'reader', password: 'r' };
    const { sim, run } = await setup({ users: [{ ...reader, readOnly: true }] }, reader);
    expect(sim.stats().logins).toBe(0);
    const result = await run(`${AL}/add`, '=list=b', '=address=192.0.2.1');
    expect(result.traps[0]?.message).toBe('not enough permissions (9)');
    expect((await run(`${AL}/print`)).empty).toBe(true);
  });

  it('IPv6 table: /128 for hosts, lower-case compressed, ranges refused', async () => {
    const { run, sim } = await setup();
    await run('/ipv6/firewall/address-list/add', '=list=b', '=address=2001:DB8:0:0::1');
    const refused = await run(
      '/ipv6/firewall/address-list/add',
      '=list=b',
      '=address=2001:db8::1-2001:db8::5',
    );
    expect(refused.traps[0]?.message).toBe(
      'failure: 2001:db8::1-2001:db8::5 is not a valid dns name',
    );
    expect(sim.entries(6).map((e) => e.address)).toEqual(['2001:db8::1/128']);
  });

  it('keeps 100,000 entries fast: adds and duplicate checks are indexed', async () => {
    const { sim } = await setup();
    const started = Date.now();
    for (let i = 0; i < 100_000; i++) {
      sim.addEntry(4, { list: 'big', address: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}` });
    }
    expect(() => sim.addEntry(4, { list: 'big', address: '10.0.0.0' })).toThrow(/already have/);
    expect(sim.table(4).findByKey('big', '10.1.134.159')).toBeDefined();
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
