import { createServer, connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { writeReplies } from '../../src/sim/reply-writer.js';
import type { SimSentence } from '../../src/sim/sim-request.js';
import { SentenceDecoder } from '../../src/targets/routeros/sentence-decoder.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A connected pair of real loopback TCP sockets: [the simulator's side, the client's]. */
async function socketPair(): Promise<[Socket, Socket]> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const client = connect(port, '127.0.0.1');
  const [simSide] = await accepted;
  simSide.on('error', () => undefined); // a client that goes away mid-reply resets it
  cleanups.push(() => {
    client.destroy();
    simSide.destroy();
    server.close();
  });
  return [simSide, client];
}

describe('the simulator streams large replies (a router does not build its print first)', () => {
  it('stops making rows while the client does not read, and sends every row in order once it does', async () => {
    const [simSide, client] = await socketPair();
    client.pause();
    // 1,500 rows of 64 KiB: about 96 MiB, more than loopback's socket buffers hold
    // (net.ipv4.tcp_rmem and tcp_wmem maxima: 32 MiB and 4 MiB on Debian 12).
    const rows = 1500;
    const value = 'x'.repeat(64 * 1024);
    let made = 0;
    function* print(): Generator<SimSentence> {
      for (let i = 0; i < rows; i++) {
        made++;
        yield { type: '!re', words: [`=.id=*${i}`, `=comment=${value}`] };
      }
      yield { type: '!done', words: [] };
    }
    writeReplies(simSide, print(), '7', 'whole');
    // Give the kernel time to fill its buffers; the writer must then wait for `drain`.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const madeWhilePaused = made;
    expect(madeWhilePaused).toBeGreaterThan(0);
    expect(madeWhilePaused).toBeLessThan(rows);

    const ids: string[] = [];
    let done = false;
    const decoder = new SentenceDecoder((words) => {
      const text = words.map((w) => w.toString('utf8'));
      expect(text[1]).toBe('.tag=7');
      if (text[0] === '!done') done = true;
      else ids.push(text[2] ?? '');
    });
    client.on('data', (chunk: Buffer) => decoder.push(chunk));
    client.resume();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (!done) return;
        clearInterval(check);
        resolve();
      }, 20);
    });
    expect(made).toBe(rows);
    expect(ids).toEqual(Array.from({ length: rows }, (_, i) => `=.id=*${i}`));
  });

  it('abandons the rest of a reply when the client goes away mid-print', async () => {
    const [simSide, client] = await socketPair();
    client.pause();
    let made = 0;
    function* endless(): Generator<SimSentence> {
      for (;;) {
        made++;
        yield { type: '!re', words: [`=comment=${'y'.repeat(64 * 1024)}`] };
      }
    }
    writeReplies(simSide, endless(), '1', 'whole');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const madeBeforeClose = made;
    expect(madeBeforeClose).toBeGreaterThan(0);
    client.destroy();
    // (not events.once: it rejects on the ECONNRESET that comes first)
    await new Promise((resolve) => simSide.on('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Bounded: never more than one more batch after the socket closed.
    expect(made - madeBeforeClose).toBeLessThanOrEqual(1);
  });
});
