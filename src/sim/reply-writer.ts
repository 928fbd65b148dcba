import type { Socket } from 'node:net';
import { encodeSentence } from '../targets/routeros/sentence.js';
import type { SimReplies } from './sim-request.js';

export type Chunking = 'whole' | 'hostile';

const BATCH_BYTES = 64 * 1024;

/**
 * Writes reply sentences with `.tag` right after the reply word, as real routers do
 * (librouteros-analysis; mikrotik-rs#29 bytes). Each sentence, with its terminating 00, goes
 * out in one write, several batched together (checklist §6.2: node-routeros loses replies
 * otherwise). `hostile` chunking instead cuts the bytes at random points, to test clients.
 *
 * Replies are streamed: when the socket's buffer is full, the rest waits for `drain`, so a
 * 100,000-row print reaches the client while later rows are still being made (and never
 * piles up in the simulator's memory). Other commands' replies may go out meanwhile, between
 * whole sentences, as tagged replies of concurrent commands do.
 */
export function writeReplies(
  socket: Socket,
  sentences: SimReplies,
  tag: string | undefined,
  chunking: Chunking,
): void {
  const pending = sentences[Symbol.iterator]();
  let batch: Buffer[] = [];
  let size = 0;
  /** Writes the batch; false when the socket wants the writer to wait for `drain`. */
  const flush = (): boolean => {
    if (batch.length === 0) return true;
    const bytes = Buffer.concat(batch, size);
    batch = [];
    size = 0;
    return chunking === 'whole' ? socket.write(bytes) : writeHostile(socket, bytes);
  };
  const pump = (): void => {
    if (socket.destroyed) return;
    for (let next = pending.next(); next.done !== true; next = pending.next()) {
      const sentence = next.value;
      const words =
        tag === undefined
          ? [sentence.type, ...sentence.words]
          : [sentence.type, `.tag=${tag}`, ...sentence.words];
      const bytes = encodeSentence(words);
      batch.push(bytes);
      size += bytes.length;
      if (size >= BATCH_BYTES && !flush()) {
        socket.once('drain', pump);
        return;
      }
    }
    flush();
  };
  pump();
}

function writeHostile(socket: Socket, bytes: Buffer): boolean {
  let offset = 0;
  let room = true;
  while (offset < bytes.length) {
    const size = 1 + Math.floor(Math.random() * 7);
    room = socket.write(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return room;
}
