import net from 'node:net';
import { SentenceDecoder } from '../../../src/targets/routeros/sentence-decoder.js';
import { encodeSentence } from '../../../src/targets/routeros/sentence.js';

export interface HostileRequest {
  command: string;
  tag: string;
  words: string[];
}

/** What one connection of a misbehaving API server does with each request. */
export type Behaviour = (request: HostileRequest, peer: HostilePeer) => void;

export class HostilePeer {
  constructor(readonly socket: net.Socket) {}

  get open(): boolean {
    return !this.socket.destroyed;
  }

  send(...words: string[]): void {
    if (this.open) this.socket.write(encodeSentence(words));
  }

  bytes(data: Buffer): void {
    if (this.open) this.socket.write(data);
  }

  /** Writes `make()` again and again (respecting backpressure) until the peer goes away. */
  flood(make: () => Buffer): void {
    const pump = (): void => {
      while (this.open) {
        if (!this.socket.write(make())) {
          this.socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  }

  /** An ordinary answer: what a router sends for the probes and reads banbridge makes. */
  answerNormally(request: HostileRequest): void {
    const tag = `.tag=${request.tag}`;
    if (request.command === '/login') return this.send('!done', tag);
    if (request.command === '/system/resource/print') {
      this.send('!re', tag, '=uptime=1h', '=board-name=hostile');
    } else if (request.command === '/system/identity/print') {
      this.send('!re', tag, '=name=hostile');
    } else if (request.command.endsWith('/print')) {
      this.send('!empty', tag);
    }
    this.send('!done', tag);
  }
}

/**
 * A RouterOS API server that misbehaves on purpose, over real TCP on loopback. It decodes
 * requests with the same framing rules (MikroTik manual "API": length-prefixed words, a
 * zero-length word ends a sentence) and hands each one to the behaviour.
 */
export class HostileRouter {
  connections = 0;
  requests = 0;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(behaviour: Behaviour) {
    this.server = net.createServer((socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      const peer = new HostilePeer(socket);
      const decoder = new SentenceDecoder((words) => {
        const text = words.map((w) => w.toString('utf8'));
        this.requests++;
        const tag = text.find((w) => w.startsWith('.tag='))?.slice(5) ?? '';
        behaviour({ command: text[0] ?? '', tag, words: text }, peer);
      });
      socket.on('data', (chunk: Buffer) => {
        try {
          decoder.push(chunk);
        } catch {
          socket.destroy();
        }
      });
    });
  }

  async start(port = 0): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
