import type { Socket } from 'node:net';
import { encodeSentence } from '../targets/routeros/sentence.js';
import type { SimSentence } from './sim-request.js';

export type Chunking = 'whole' | 'hostile';

const BATCH_BYTES = 64 * 1024;

/**
 * Writes reply sentences with `.tag` right after the reply word, as real routers do
 * (librouteros-analysis; mikrotik-rs#29 bytes). Each sentence, with its terminating 00, goes
 * out in one write, several batched together (checklist §6.2: node-routeros loses replies
 * otherwise). `hostile` chunking instead cuts the bytes at random points, to test clients.
 */
export function writeReplies(
  socket: Socket,
  sentences: readonly SimSentence[],
  tag: string | undefined,
  chunking: Chunking,
): void {
  let batch: Buffer[] = [];
  let size = 0;
  const flush = (): void => {
    if (batch.length === 0) return;
    const bytes = Buffer.concat(batch, size);
    batch = [];
    size = 0;
    if (chunking === 'whole') socket.write(bytes);
    else writeHostile(socket, bytes);
  };
  for (const sentence of sentences) {
    const words =
      tag === undefined
        ? [sentence.type, ...sentence.words]
        : [sentence.type, `.tag=${tag}`, ...sentence.words];
    const bytes = encodeSentence(words);
    batch.push(bytes);
    size += bytes.length;
    if (size >= BATCH_BYTES) flush();
  }
  flush();
}

function writeHostile(socket: Socket, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) {
    const size = 1 + Math.floor(Math.random() * 7);
    socket.write(bytes.subarray(offset, offset + size));
    offset += size;
  }
}
