import { afterEach, describe, expect, it } from 'vitest';
import { RouterSim, type RouterSimOptions } from '../../src/sim/router-sim.js';
import { encodeSentence } from '../../src/targets/routeros/sentence.js';
import { transcript, type Transcript } from '../targets/routeros/helpers.js';
import { RawPeer } from '../targets/routeros/raw-peer.js';

/**
 * Replays recorded transcripts (test/fixtures/routeros/api-transcripts.json) against the
 * simulator over real TCP and compares bytes: what the client sent, the simulator must answer
 * with exactly the recorded bytes.
 */
let sim: RouterSim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function start(options: RouterSimOptions = {}): Promise<RawPeer> {
  sim = new RouterSim({ users: [{ name: 'admin', password: '' }], ...options });
  return RawPeer.connect(await sim.start());
}

async function login(peer: RawPeer): Promise<void> {
  const t = transcript('login-post643-success');
  await replay(peer, t);
}

/** Sends each C>S sentence and expects each S>C sentence's bytes, in order. */
async function replay(
  peer: RawPeer,
  t: Transcript,
  from = 0,
  to = t.exchange.length,
): Promise<void> {
  for (let i = from; i < to; i++) {
    const step = t.exchange[i];
    const hex = t.hex_computed?.[i]?.hex ?? encodeSentence(step?.words ?? []).toString('hex');
    if (step?.dir === 'C>S') peer.send(hex);
    else expect(await peer.readHex(hex), `${t.id} step ${i}`).toBe(hex);
  }
}

const challengeOf = (t: Transcript) =>
  (t.exchange.find((s) => s.words[1]?.startsWith('=ret='))?.words[1] ?? '').slice(5);

describe('login transcripts', () => {
  it('login-post643-success', async () => {
    await replay(await start(), transcript('login-post643-success'));
  });

  it('login-post643-wrong-password', async () => {
    await replay(await start(), transcript('login-post643-wrong-password'));
  });

  it('login-legacy-challenge-success (pre-6.43 mode)', async () => {
    const t = transcript('login-legacy-challenge-success');
    await replay(await start({ legacyLogin: true, challenge: () => challengeOf(t) }), t);
  });

  it('login-legacy-challenge-vector-2 (name+password answered with a challenge)', async () => {
    const t = transcript('login-legacy-challenge-vector-2');
    const peer = await start({
      legacyLogin: true,
      users: [{ name: 'userTest', password: 'passTest' }],
      challenge: () => challengeOf(t),
    });
    await replay(peer, t);
  });

  it('login-challenge-on-6.47-then-rejected (current mode refuses MD5)', async () => {
    const t = transcript('login-challenge-on-6.47-then-rejected');
    await replay(await start({ challenge: () => challengeOf(t) }), t);
  });

  it('login-legacy-failure: wrong MD5 response → cannot log in', async () => {
    const peer = await start({ legacyLogin: true });
    peer.sendWords('/login');
    await peer.read(6 + 38 + 1); // !done, =ret=<32 hex>, terminator
    peer.sendWords('/login', '=name=admin', `=response=00${'0'.repeat(32)}`);
    const t = transcript('login-legacy-failure');
    for (const i of [3, 4]) {
      const hex = t.hex_computed?.[i]?.hex ?? '';
      expect(await peer.readHex(hex)).toBe(hex);
    }
  });

  it('v7-bare-login-then-unauthenticated-command: !fatal then close', async () => {
    const t = transcript('v7-bare-login-then-unauthenticated-command');
    const peer = await start({ challenge: () => challengeOf(t) });
    await replay(peer, t);
    await peer.closed;
  });

  it('quit: !fatal session terminated on request, then close', async () => {
    const peer = await start();
    await login(peer);
    await replay(peer, transcript('quit'));
    await peer.closed;
  });
});

describe('command transcripts', () => {
  it('print-no-rows-7.18: !empty then !done', async () => {
    const peer = await start();
    await login(peer);
    await replay(peer, transcript('print-no-rows-7.18'));
  });

  it('print-no-rows-pre-7.18: only !done', async () => {
    const peer = await start({ pre718: true });
    await login(peer);
    await replay(peer, transcript('print-no-rows-pre-7.18'));
  });

  it('print-no-rows-7.19.3-raw-bytes: captured bytes, tag right after the reply word', async () => {
    const t = transcript('print-no-rows-7.19.3-raw-bytes');
    const peer = await start();
    await login(peer);
    peer.send(t.hex_captured?.['C>S'] ?? '');
    const captured = t.hex_captured?.['S>C'] ?? '';
    expect(await peer.readHex(captured)).toBe(captured);
    const done = encodeSentence(['!done', '.tag=19936']).toString('hex');
    expect(await peer.readHex(done)).toBe(done);
  });

  it('unknown-menu-two-traps', async () => {
    const peer = await start();
    await login(peer);
    await replay(peer, transcript('unknown-menu-two-traps'));
  });

  it('address-list-duplicate-add', async () => {
    const peer = await start();
    sim?.addEntry(4, { list: 'blocked', address: '203.0.113.45' });
    await login(peer);
    await replay(peer, transcript('address-list-duplicate-add'));
  });

  it('cancel-listen-real-order (cancel part)', async () => {
    const peer = await start();
    await login(peer);
    peer.sendWords('/ip/firewall/address-list/listen', '.tag=10');
    await replay(peer, transcript('cancel-listen-real-order'), 3);
  });

  it('cancel-without-own-tag: cancel !done untagged', async () => {
    const peer = await start();
    await login(peer);
    peer.sendWords('/ip/firewall/address-list/listen', '.tag=1');
    await replay(peer, transcript('cancel-without-own-tag'), 2);
  });

  it('proplist-absent-properties: a bare !re per row', async () => {
    const peer = await start();
    sim?.addEntry(4, { list: 'a', address: '192.0.2.1' });
    sim?.addEntry(4, { list: 'a', address: '192.0.2.2' });
    await login(peer);
    const t = transcript('proplist-absent-properties');
    peer.sendWords('/ip/firewall/address-list/print', '=.proplist=comment');
    await replay(peer, t, 1);
  });

  it('address-list-static-entry-v7.21.4: the printed row, byte for byte', async () => {
    const now = Date.parse('2023-10-10T07:22:26Z');
    const peer = await start({ clock: () => now });
    sim?.addEntry(4, {
      list: 'MOROSOS',
      address: '192.168.10.255/32',
      disabled: true,
      comment: 'X/31/2023 19:28 Router Cesar',
    });
    await login(peer);
    peer.sendWords('/ip/firewall/address-list/print');
    await replay(peer, transcript('address-list-static-entry-v7.21.4'));
  });

  it('address-list-dynamic-entry-v7.21.4: id *10, remaining timeout', async () => {
    const now = Date.parse('2026-07-30T08:24:31Z');
    const peer = await start({ clock: () => now });
    for (let i = 1; i < 16; i++) sim?.addEntry(4, { list: 'other', address: `10.0.0.${i}` });
    sim?.addEntry(4, { list: 'CUZONET_PROBE', address: '192.168.1.198', timeout: '1m56s' });
    await login(peer);
    peer.sendWords('/ip/firewall/address-list/print', '?list=CUZONET_PROBE');
    await replay(peer, transcript('address-list-dynamic-entry-v7.21.4'));
  });
});
