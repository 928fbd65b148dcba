import net from 'node:net';
import { encodeSentence } from '../../../src/targets/routeros/sentence.js';

/** A byte-level API peer for replaying transcripts: send bytes, read exact byte counts. */
export class RawPeer {
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  readonly closed: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (const wake of this.waiters.splice(0)) wake();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
  }

  static connect(port: number): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(new RawPeer(socket)));
      socket.once('error', reject);
    });
  }

  send(bytes: Buffer | string): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'hex') : bytes);
  }

  sendWords(...words: string[]): void {
    this.socket.write(encodeSentence(words));
  }

  /** Resolves with exactly `count` bytes (fails after 2 s). */
  async read(count: number): Promise<Buffer> {
    const deadline = Date.now() + 2000;
    while (this.buffer.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} bytes, got ${this.buffer.toString('hex')}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    const out = this.buffer.subarray(0, count);
    this.buffer = this.buffer.subarray(count);
    return out;
  }

  async readHex(hex: string): Promise<string> {
    return (await this.read(hex.length / 2)).toString('hex');
  }

  get pending(): number {
    return this.buffer.length;
  }

  end(): void {
    this.socket.end();
  }
}
